package io.sextant.model;

import java.util.List;

/**
 * Whether to report resources in a destination namespace that no Application owns.
 */
public class OrphanedResourcesMonitorSettings extends ExtensibleObject {

    private Boolean warn;
    private List<Key> ignore;

    public Boolean getWarn() {
        return warn;
    }

    public void setWarn(Boolean warn) {
        this.warn = warn;
    }

    public List<Key> getIgnore() {
        return ignore;
    }

    public void setIgnore(List<Key> ignore) {
        this.ignore = ignore;
    }

    /** Resources left out of orphan reporting. */
    public static class Key extends ExtensibleObject {
        private String group;
        private String kind;
        private String name;

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public String getKind() {
            return kind;
        }

        public void setKind(String kind) {
            this.kind = kind;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
