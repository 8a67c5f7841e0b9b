package io.sextant.model;

import java.util.List;
import java.util.Map;

/**
 * Options of a config management plugin source.
 */
public class ApplicationSourcePlugin extends ExtensibleObject {

    private String name;
    private List<EnvEntry> env;
    /** Plugin parameters, kept free-form ({@code name} with {@code string}, {@code array} or {@code map}). */
    private List<Map<String, Object>> parameters;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<EnvEntry> getEnv() {
        return env;
    }

    public void setEnv(List<EnvEntry> env) {
        this.env = env;
    }

    public List<Map<String, Object>> getParameters() {
        return parameters;
    }

    public void setParameters(List<Map<String, Object>> parameters) {
        this.parameters = parameters;
    }

    /** An environment variable passed to the plugin. */
    public static class EnvEntry extends ExtensibleObject {
        private String name;
        private String value;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }
    }
}
