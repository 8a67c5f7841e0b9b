package io.sextant.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a local account may do, as listed in {@code sextant-cm} {@code accounts.<name>: "apiKey, login"}:
 * {@code login} lets it log in with its password (UI and CLI), {@code apiKey} lets it hold API keys.
 */
public enum Capability {
    LOGIN("login"),
    API_KEY("apiKey");

    private final String setting;

    Capability(String setting) {
        this.setting = setting;
    }

    /** The word used in sextant-cm. */
    public String setting() {
        return setting;
    }

    /**
     * Parses a comma-separated list as written in sextant-cm; words are matched without regard to
     * case and unknown words are ignored (a later Sextant may know them).
     */
    public static Set<Capability> parseList(String text) {
        Set<Capability> result = EnumSet.noneOf(Capability.class);
        if (text == null) {
            return result;
        }
        for (String word : text.split(",")) {
            String w = word.trim().toLowerCase(Locale.ROOT);
            for (Capability c : values()) {
                if (c.setting.toLowerCase(Locale.ROOT).equals(w)) {
                    result.add(c);
                }
            }
        }
        return result;
    }
}
