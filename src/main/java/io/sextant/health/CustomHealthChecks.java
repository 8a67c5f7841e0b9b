package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Custom Lua checks from the settings, run by a shared {@link LuaHealthRunner}. A kind with a script
 * gets the script's verdict (Unknown when the script fails); a kind without one gets empty, and the
 * built-in rule applies. Thread-safe; replace the instance when the settings change, keeping the runner.
 */
public final class CustomHealthChecks {

    private final HealthCustomizations scripts;
    private final LuaHealthRunner runner;

    public CustomHealthChecks(HealthCustomizations scripts, LuaHealthRunner runner) {
        this.scripts = scripts;
        this.runner = runner;
    }

    public static CustomHealthChecks none(LuaHealthRunner runner) {
        return new CustomHealthChecks(HealthCustomizations.none(), runner);
    }

    /** Whether a script covers this group and kind. */
    public boolean covers(String group, String kind) {
        return scripts.lookup(group, kind).isPresent();
    }

    public Optional<Health> assess(ObjectNode obj) {
        // A script that returns no health (nil, {}) leaves the verdict to the built-in rule.
        return scripts.lookup(Fields.group(obj), Fields.kind(obj))
                .flatMap(s -> Optional.ofNullable(runner.run(s.key(), s.text(), obj)))
                .map(h -> withoutSecretValues(obj, h));
    }

    /**
     * A script for core Secrets could copy a value into its message (or into an error it raises), and
     * the message lands in the Application's status for anyone who may read the app. Such a message is
     * withheld; the status stays.
     */
    static Health withoutSecretValues(ObjectNode obj, Health health) {
        if (!"Secret".equals(Fields.kind(obj))
                || !Fields.group(obj).isEmpty()
                || health.message().isEmpty()) {
            return health;
        }
        for (String field : new String[] {"data", "stringData"}) {
            for (JsonNode v : Fields.at(obj, field)) {
                String value = v.asText("");
                boolean leaked = quotes(health.message(), value)
                        || ("data".equals(field) && quotes(health.message(), decoded(value)));
                if (leaked) {
                    return new Health(health.status(), "message withheld: it contained a value of the Secret");
                }
            }
        }
        return health;
    }

    private static boolean quotes(String message, String value) {
        return value.length() >= 3 && message.contains(value);
    }

    private static String decoded(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    public HealthCustomizations scripts() {
        return scripts;
    }
}
