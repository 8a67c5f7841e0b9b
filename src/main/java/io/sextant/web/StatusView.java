package io.sextant.web;

/**
 * How a health or sync status is shown: its words, an icon glyph (hidden from screen readers, since
 * the words follow it) and a CSS class for the colour. Colour never stands alone: icon and text differ
 * per status too.
 */
public record StatusView(String text, String icon, String css) {

    public static StatusView health(String status) {
        String s = status == null || status.isBlank() ? "Unknown" : status;
        return switch (s) {
            case "Healthy" -> new StatusView(s, "♥", "st-healthy");
            case "Progressing" -> new StatusView(s, "◔", "st-progressing");
            case "Degraded" -> new StatusView(s, "✖", "st-degraded");
            case "Suspended" -> new StatusView(s, "⏸", "st-suspended");
            case "Missing" -> new StatusView(s, "◌", "st-missing");
            default -> new StatusView("Unknown".equals(s) ? s : s, "?", "st-unknown");
        };
    }

    public static StatusView sync(String status) {
        String s = status == null || status.isBlank() ? "Unknown" : status;
        return switch (s) {
            case "Synced" -> new StatusView(s, "✔", "st-synced");
            case "OutOfSync" -> new StatusView(s, "⬆", "st-outofsync");
            default -> new StatusView(s, "?", "st-unknown");
        };
    }

    /** An operation's phase: Running, Succeeded, Failed, Error, Terminating. */
    public static StatusView phase(String phase) {
        String s = phase == null || phase.isBlank() ? "Unknown" : phase;
        return switch (s) {
            case "Succeeded" -> new StatusView("Sync OK", "✔", "st-synced");
            case "Running" -> new StatusView("Syncing", "◔", "st-progressing");
            case "Terminating" -> new StatusView("Terminating", "◔", "st-progressing");
            case "Failed", "Error" -> new StatusView("Sync failed", "✖", "st-degraded");
            default -> new StatusView(s, "?", "st-unknown");
        };
    }

    /** One resource's sync result: Synced, SyncFailed, Pruned, PruneSkipped, … */
    public static StatusView result(String status) {
        String s = status == null || status.isBlank() ? "Running" : status;
        return switch (s) {
            case "Synced", "Pruned" -> new StatusView(s, "✔", "st-synced");
            case "SyncFailed" -> new StatusView(s, "✖", "st-degraded");
            case "Running" -> new StatusView(s, "◔", "st-progressing");
            default -> new StatusView(s, "•", "st-unknown");
        };
    }
}
