package io.sextant.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Timestamps as pages show them: "2026-11-27 10:04:05 UTC (5 minutes ago)". */
final class Times {

    private Times() {}

    static String ago(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return "";
        }
        try {
            Instant at = Instant.parse(timestamp);
            return at.toString().replace('T', ' ').replace("Z", " UTC") + " ("
                    + relative(Duration.between(at, Instant.now())) + ")";
        } catch (DateTimeParseException e) {
            return timestamp;
        }
    }

    private static String relative(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " seconds ago";
        }
        if (s < 3600) {
            return s / 60 + " minutes ago";
        }
        if (s < 86400) {
            return s / 3600 + " hours ago";
        }
        return s / 86400 + " days ago";
    }
}
