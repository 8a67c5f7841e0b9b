package io.sextant.model;

/** Values of {@code status.sync.status} and of each resource's {@code status}. */
public final class SyncStatusCode {

    /** Live state equals target state. */
    public static final String SYNCED = "Synced";
    /** Live state differs from target state. */
    public static final String OUT_OF_SYNC = "OutOfSync";
    /** The comparison could not be made (for example, rendering failed). */
    public static final String UNKNOWN = "Unknown";

    private SyncStatusCode() {
    }
}
