package io.sextant.model;

/**
 * A resource group and kind ({@code ""} is the core group, {@code *} any).
 */
public class GroupKind extends ExtensibleObject {

    private String group;
    private String kind;

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
}
