package io.sextant.sync;

import java.util.List;

/**
 * The sync options Sextant knows, with the values each accepts and what "not written" means. Names are
 * case-sensitive, as in Argo CD; values are matched ignoring case.
 */
public enum SyncOption {
    CREATE_NAMESPACE("CreateNamespace", "false"),
    PRUNE_LAST("PruneLast", "false"),
    PRUNE_PROPAGATION_POLICY("PrunePropagationPolicy", "foreground", "foreground", "background", "orphan"),
    FAIL_ON_SHARED_RESOURCE("FailOnSharedResource", "false"),
    APPLY_OUT_OF_SYNC_ONLY("ApplyOutOfSyncOnly", "false"),
    VALIDATE("Validate", "true"),
    RESPECT_IGNORE_DIFFERENCES("RespectIgnoreDifferences", "false"),
    SERVER_SIDE_APPLY("ServerSideApply", "true"),
    CLIENT_SIDE_APPLY_MIGRATION("ClientSideApplyMigration", "true"),
    REPLACE("Replace", "false"),
    PRUNE("Prune", "true", "true", "false", "confirm"),
    DELETE("Delete", "true", "true", "false", "confirm"),
    SKIP_DRY_RUN_ON_MISSING_RESOURCE("SkipDryRunOnMissingResource", "false"),
    FORCE("Force", "false");

    private final String argoName;
    private final String defaultValue;
    private final List<String> allowed;

    /** No allowed values given: a boolean option. */
    SyncOption(String argoName, String defaultValue, String... allowed) {
        this.argoName = argoName;
        this.defaultValue = defaultValue;
        this.allowed = allowed.length == 0 ? List.of("true", "false") : List.of(allowed);
    }

    /** The name as written in {@code Name=value}. */
    public String argoName() {
        return argoName;
    }

    /** Accepted values, lower case. */
    public List<String> allowedValues() {
        return allowed;
    }

    /** Argo CD's meaning when the option is not written (Sextant's for ServerSideApply). */
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String toString() {
        return argoName;
    }
}
