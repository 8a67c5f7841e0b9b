package io.sextant.web;

import java.util.List;

/**
 * The sync options a user can tick, with Argo CD's labels, and the {@code syncOptions} entry each
 * one writes. Used by the New application panel (into spec.syncPolicy) and the SYNC panel (into
 * the operation).
 */
public record SyncOptionField(String id, String label, String option) {

    public static final List<SyncOptionField> ALL = List.of(
            new SyncOptionField("opt-validate", "Skip Schema Validation", "Validate=false"),
            new SyncOptionField("opt-create-namespace", "Auto-Create Namespace", "CreateNamespace=true"),
            new SyncOptionField("opt-prune-last", "Prune Last", "PruneLast=true"),
            new SyncOptionField("opt-apply-out-of-sync-only", "Apply Out of Sync Only", "ApplyOutOfSyncOnly=true"),
            new SyncOptionField(
                    "opt-respect-ignore-differences", "Respect Ignore Differences", "RespectIgnoreDifferences=true"),
            new SyncOptionField("opt-server-side-apply", "Server-Side Apply", "ServerSideApply=true"),
            new SyncOptionField("opt-replace", "Replace", "Replace=true"));

    /** The options among {@code ticked} (values of the checkboxes) that are known; others are dropped. */
    static List<String> known(List<String> ticked) {
        if (ticked == null) {
            return List.of();
        }
        return ALL.stream()
                .map(SyncOptionField::option)
                .filter(ticked::contains)
                .toList();
    }
}
