package io.sextant.model;

import java.util.List;

/**
 * Options of a plain directory of YAML, JSON or Jsonnet files.
 */
public class ApplicationSourceDirectory extends ExtensibleObject {

    private Boolean recurse;
    /** Glob of files to use. */
    private String include;
    /** Glob of files to skip. */
    private String exclude;

    private Jsonnet jsonnet;

    public Boolean getRecurse() {
        return recurse;
    }

    public void setRecurse(Boolean recurse) {
        this.recurse = recurse;
    }

    public String getInclude() {
        return include;
    }

    public void setInclude(String include) {
        this.include = include;
    }

    public String getExclude() {
        return exclude;
    }

    public void setExclude(String exclude) {
        this.exclude = exclude;
    }

    public Jsonnet getJsonnet() {
        return jsonnet;
    }

    public void setJsonnet(Jsonnet jsonnet) {
        this.jsonnet = jsonnet;
    }

    /** Jsonnet options: external variables, top-level arguments and library paths. */
    public static class Jsonnet extends ExtensibleObject {
        private List<JsonnetVar> extVars;
        private List<JsonnetVar> tlas;
        private List<String> libs;

        public List<JsonnetVar> getExtVars() {
            return extVars;
        }

        public void setExtVars(List<JsonnetVar> extVars) {
            this.extVars = extVars;
        }

        public List<JsonnetVar> getTlas() {
            return tlas;
        }

        public void setTlas(List<JsonnetVar> tlas) {
            this.tlas = tlas;
        }

        public List<String> getLibs() {
            return libs;
        }

        public void setLibs(List<String> libs) {
            this.libs = libs;
        }
    }

    /** A Jsonnet variable; {@code code} means the value is Jsonnet code, not a string. */
    public static class JsonnetVar extends ExtensibleObject {
        private String name;
        private String value;
        private Boolean code;

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

        public Boolean getCode() {
            return code;
        }

        public void setCode(Boolean code) {
            this.code = code;
        }
    }
}
