package io.sextant.web;

import io.sextant.model.HealthStatusCode;
import io.sextant.model.OperationPhase;
import io.sextant.model.ResultCode;
import io.sextant.model.SyncStatusCode;

/**
 * How a health or sync status is shown: its words, an icon glyph (hidden from screen readers, since
 * the words follow it) and a CSS class for the colour. Colour never stands alone: icon and text differ
 * per status too. A value Sextant does not know (a newer Argo CD's) is shown as it is, with the unknown icon.
 */
public record StatusView(String text, String icon, String css) {

    private static final String UNKNOWN = HealthStatusCode.UNKNOWN.code();

    public static StatusView health(String status) {
        String s = status == null || status.isBlank() ? UNKNOWN : status;
        return HealthStatusCode.of(s)
                .map(code -> switch (code) {
                    case HEALTHY -> new StatusView(s, "♥", "st-healthy");
                    case PROGRESSING -> new StatusView(s, "◔", "st-progressing");
                    case DEGRADED -> new StatusView(s, "✖", "st-degraded");
                    case SUSPENDED -> new StatusView(s, "⏸", "st-suspended");
                    case MISSING -> new StatusView(s, "◌", "st-missing");
                    case UNKNOWN -> null;
                })
                .orElseGet(() -> new StatusView(s, "?", "st-unknown"));
    }

    public static StatusView sync(String status) {
        String s = status == null || status.isBlank() ? UNKNOWN : status;
        return SyncStatusCode.of(s)
                .map(code -> switch (code) {
                    case SYNCED -> new StatusView(s, "✔", "st-synced");
                    case OUT_OF_SYNC -> new StatusView(s, "⬆", "st-outofsync");
                    case UNKNOWN -> null;
                })
                .orElseGet(() -> new StatusView(s, "?", "st-unknown"));
    }

    /** An operation's phase: Running, Succeeded, Failed, Error, Terminating. */
    public static StatusView phase(String phase) {
        String s = phase == null || phase.isBlank() ? UNKNOWN : phase;
        return OperationPhase.of(s)
                .map(code -> switch (code) {
                    case SUCCEEDED -> new StatusView("Sync OK", "✔", "st-synced");
                    case RUNNING -> new StatusView("Syncing", "◔", "st-progressing");
                    case TERMINATING -> new StatusView("Terminating", "◔", "st-progressing");
                    case FAILED, ERROR -> new StatusView("Sync failed", "✖", "st-degraded");
                })
                .orElseGet(() -> new StatusView(s, "?", "st-unknown"));
    }

    /** One resource's sync result: Synced, SyncFailed, Pruned, PruneSkipped; none yet reads Running. */
    public static StatusView result(String status) {
        String s = status == null || status.isBlank() ? OperationPhase.RUNNING.code() : status;
        if (OperationPhase.RUNNING.is(s)) {
            return new StatusView(s, "◔", "st-progressing");
        }
        return ResultCode.of(s)
                .map(code -> switch (code) {
                    case SYNCED, PRUNED -> new StatusView(s, "✔", "st-synced");
                    case SYNC_FAILED -> new StatusView(s, "✖", "st-degraded");
                    case PRUNE_SKIPPED -> null;
                })
                .orElseGet(() -> new StatusView(s, "•", "st-unknown"));
    }
}
