package io.sextant.diff;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link Differ} compares, with Argo CD's defaults.
 *
 * @param statusMode     which kinds' {@code status} is left out: Argo CD 3's
 *                       {@code resource.compareoptions ignoreResourceStatusField}, default {@code all}
 * @param jqTimeout      time limit of one jq path expression on one object (Argo CD: 1 s)
 * @param fieldManager   the field manager Sextant applies with; its Apply entry in
 *                       {@code metadata.managedFields} tells which fields Git set last time, when
 *                       there is neither a predicted state nor a last-applied annotation
 * @param maxDepth       deepest nesting accepted in an object
 * @param maxNodes       most JSON nodes accepted in one object
 * @param maxChars       most characters of keys and scalars accepted in one object
 * @param maxDiffLines   most YAML lines (both sides together) for which a text diff is written;
 *                       above it the result says the diff was left out, {@code modified} is still exact
 */
public record DiffOptions(
        StatusMode statusMode,
        Duration jqTimeout,
        String fieldManager,
        int maxDepth,
        int maxNodes,
        long maxChars,
        int maxDiffLines) {

    /** Argo CD's {@code ignoreResourceStatusField}: whose {@code status} never counts as drift. */
    public enum StatusMode {
        /** Every kind's status is ignored (Argo CD 3 default). */
        ALL,
        /** Only CustomResourceDefinitions' status is ignored (Argo CD 2 default). */
        CRD,
        /** Status is compared like any other field. */
        NONE;

        /** Parses the setting's value ({@code all}, {@code crd}, {@code none}, any case); blank means ALL. */
        public static StatusMode parse(String value) {
            if (value == null || value.isBlank()) {
                return ALL;
            }
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "all" -> ALL;
                case "crd" -> CRD;
                case "none", "off" -> NONE;
                default ->
                    throw new IllegalArgumentException(
                            "ignoreResourceStatusField must be all, crd or none, not " + value);
            };
        }
    }

    public DiffOptions {
        Objects.requireNonNull(statusMode, "statusMode");
        Objects.requireNonNull(jqTimeout, "jqTimeout");
        Objects.requireNonNull(fieldManager, "fieldManager");
        if (jqTimeout.isNegative() || jqTimeout.isZero()) {
            throw new IllegalArgumentException("jqTimeout must be positive");
        }
        if (maxDepth < 8 || maxNodes < 100 || maxChars < 1000 || maxDiffLines < 10) {
            throw new IllegalArgumentException("limits too small to compare any Kubernetes object");
        }
    }

    /** Argo CD's defaults; limits far above any object the API server stores (etcd caps one at 1.5 MiB). */
    public static DiffOptions defaults() {
        return new DiffOptions(StatusMode.ALL, Duration.ofSeconds(1), "sextant", 100, 500_000, 16L << 20, 20_000);
    }

    public DiffOptions withStatusMode(StatusMode mode) {
        return new DiffOptions(mode, jqTimeout, fieldManager, maxDepth, maxNodes, maxChars, maxDiffLines);
    }

    public DiffOptions withJqTimeout(Duration timeout) {
        return new DiffOptions(statusMode, timeout, fieldManager, maxDepth, maxNodes, maxChars, maxDiffLines);
    }
}
