package io.sextant.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Argo CD sync options, from the Application ({@code spec.syncPolicy.syncOptions}) and from a resource's
 * {@code argocd.argoproj.io/sync-options} annotation; per option, the resource's value wins over the
 * Application's. Only options actually written are stored; accessors return Argo CD's default for the
 * rest (Sextant's own default for ServerSideApply: on). Immutable and thread-safe.
 *
 * <p>Unlike Argo CD, which ignores what it does not understand, an unknown option or value is an error
 * naming the option and what is allowed, so a typo cannot silently turn pruning back on.
 */
public final class SyncOptions {

    /** How pruned objects' dependents are collected (Kubernetes DeleteOptions.propagationPolicy). */
    public enum PropagationPolicy {
        FOREGROUND("Foreground"),
        BACKGROUND("Background"),
        ORPHAN("Orphan");

        private final String kubernetesName;

        PropagationPolicy(String kubernetesName) {
            this.kubernetesName = kubernetesName;
        }

        /** The value for {@code DeleteOptions.propagationPolicy}. */
        public String kubernetesName() {
            return kubernetesName;
        }
    }

    static final String APP_SOURCE = "spec.syncPolicy.syncOptions";
    static final String ANNOTATION_SOURCE = "annotation " + Annotations.SYNC_OPTIONS;
    private static final SyncOptions NONE = new SyncOptions(new EnumMap<>(SyncOption.class));

    private final Map<SyncOption, String> values;

    private SyncOptions(Map<SyncOption, String> values) {
        this.values = values;
    }

    /** No option set: every accessor gives its default. */
    public static SyncOptions none() {
        return NONE;
    }

    /**
     * Application-level options, each item {@code Name=value}; blanks around items and around {@code =}
     * are tolerated, blank items skipped, and of repeated names the last wins.
     *
     * @throws IllegalArgumentException for an unknown name, a missing or unknown value
     */
    public static SyncOptions parse(List<String> items) {
        return parse(items, APP_SOURCE);
    }

    /** The options of an {@code argocd.argoproj.io/sync-options} annotation value (comma-separated). */
    public static SyncOptions parseAnnotation(String value) {
        return parse(Annotations.csv(value), ANNOTATION_SOURCE);
    }

    /**
     * These options with the object's own annotation on top. {@code helm.sh/resource-policy: keep} counts as
     * {@code Delete=false} unless the annotation sets Delete itself (Argo CD's Helm compatibility).
     *
     * @param obj a manifest or live object; null gives these options unchanged
     */
    public SyncOptions forResource(JsonNode obj) {
        Map<SyncOption, String> merged = new EnumMap<>(SyncOption.class);
        merged.putAll(values);
        SyncOptions own = parseAnnotation(Annotations.get(obj, Annotations.SYNC_OPTIONS));
        if ("keep".equals(trimmed(Annotations.get(obj, Annotations.HELM_RESOURCE_POLICY)))
                && !own.values.containsKey(SyncOption.DELETE)) {
            merged.put(SyncOption.DELETE, "false");
        }
        merged.putAll(own.values);
        return new SyncOptions(merged);
    }

    /** The value written for the option (lower case), if any. */
    public Optional<String> value(SyncOption option) {
        return Optional.ofNullable(values.get(option));
    }

    public boolean createNamespace() {
        return isTrue(SyncOption.CREATE_NAMESPACE);
    }

    public boolean pruneLast() {
        return isTrue(SyncOption.PRUNE_LAST);
    }

    public PropagationPolicy prunePropagationPolicy() {
        return PropagationPolicy.valueOf(
                effective(SyncOption.PRUNE_PROPAGATION_POLICY).toUpperCase(Locale.ROOT));
    }

    public boolean failOnSharedResource() {
        return isTrue(SyncOption.FAIL_ON_SHARED_RESOURCE);
    }

    public boolean applyOutOfSyncOnly() {
        return isTrue(SyncOption.APPLY_OUT_OF_SYNC_ONLY);
    }

    /** ServerSideApply as written: empty when unset, so callers can tell "default" from an explicit choice. */
    public Optional<Boolean> serverSideApply() {
        return value(SyncOption.SERVER_SIDE_APPLY).map("true"::equals);
    }

    /** Apply server-side: Sextant's default, off with {@code ServerSideApply=false} or {@code Replace=true}. */
    public boolean useServerSideApply() {
        return serverSideApply().orElse(true) && !replace();
    }

    public boolean clientSideApplyMigration() {
        return isTrue(SyncOption.CLIENT_SIDE_APPLY_MIGRATION);
    }

    /** Replace (or create) instead of apply. */
    public boolean replace() {
        return isTrue(SyncOption.REPLACE);
    }

    /** {@code Prune=false}: never pruned; the sync reports it PruneSkipped. */
    public boolean pruneDisabled() {
        return "false".equals(effective(SyncOption.PRUNE));
    }

    /** {@code Delete=false} (or Helm's resource-policy keep): left in place when the Application is deleted. */
    public boolean deleteDisabled() {
        return "false".equals(effective(SyncOption.DELETE));
    }

    /** {@code Force=true}: delete and recreate when an apply or replace is refused. */
    public boolean force() {
        return isTrue(SyncOption.FORCE);
    }

    private boolean isTrue(SyncOption option) {
        return "true".equals(effective(option));
    }

    private String effective(SyncOption option) {
        return values.getOrDefault(option, option.defaultValue());
    }

    private static SyncOptions parse(List<String> items, String source) {
        if (items == null || items.isEmpty()) {
            return NONE;
        }
        Map<SyncOption, String> values = new EnumMap<>(SyncOption.class);
        for (String raw : items) {
            String item = trimmed(raw);
            if (item == null || item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String name = eq < 0 ? item : item.substring(0, eq).trim();
            SyncOption option = option(name, item, source);
            if (eq < 0) {
                throw new IllegalArgumentException("sync option " + Annotations.quote(item) + " in " + source
                        + " has no value; write " + option.argoName() + "=<value>, one of "
                        + String.join(", ", option.allowedValues()));
            }
            String value = item.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            if (!option.allowedValues().contains(value)) {
                throw new IllegalArgumentException("sync option " + Annotations.quote(item) + " in " + source + ": "
                        + option.argoName() + " must be one of " + String.join(", ", option.allowedValues()));
            }
            String unsupported = UNSUPPORTED.get(option.argoName() + "=" + value);
            if (unsupported != null) {
                throw new IllegalArgumentException("sync option " + Annotations.quote(item) + " in " + source
                        + " is not supported by Sextant: " + unsupported);
            }
            values.put(option, value);
        }
        return new SyncOptions(values);
    }

    /**
     * Options Argo CD documents and Sextant does not implement yet, with what to do instead: refused, so
     * a migrating team learns it at once instead of finding out from a sync that did something else.
     */
    static final Map<String, String> UNSUPPORTED = Map.of(
            "Validate=false",
                    "Sextant applies server-side, where the API server validates every object; remove the option",
            "RespectIgnoreDifferences=true",
                    "a sync applies the fields ignoreDifferences names; remove the option, or "
                            + "leave those fields out of the manifests in Git",
            "SkipDryRunOnMissingResource=true",
                    "every resource is dry-run; let the sync create the CRD first (CRDs go "
                            + "first in their wave), or remove the option",
            "Prune=confirm", "there is no confirmation step; use Prune=false and prune by hand",
            "Delete=confirm", "there is no confirmation step; use Delete=false and delete by hand");

    private static SyncOption option(String name, String item, String source) {
        for (SyncOption o : SyncOption.values()) {
            if (o.argoName().equals(name)) {
                return o;
            }
        }
        for (SyncOption o : SyncOption.values()) {
            if (o.argoName().equalsIgnoreCase(name)) {
                throw new IllegalArgumentException("unknown sync option " + Annotations.quote(item) + " in " + source
                        + ": option names are case-sensitive, did you mean " + o.argoName() + "?");
            }
        }
        throw new IllegalArgumentException("unknown sync option " + Annotations.quote(item) + " in " + source
                + "; known options: "
                + Arrays.stream(SyncOption.values()).map(SyncOption::argoName).collect(Collectors.joining(", ")));
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncOptions other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The options written, in a fixed order, as {@code [Prune=false, ServerSideApply=true]}. */
    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey().argoName() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
