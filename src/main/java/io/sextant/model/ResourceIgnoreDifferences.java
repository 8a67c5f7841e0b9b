package io.sextant.model;

import java.util.List;

/**
 * Fields of matching resources that the comparison leaves out.
 */
public class ResourceIgnoreDifferences extends ExtensibleObject {

    private String group;
    private String kind;
    private String name;
    private String namespace;
    private List<String> jsonPointers;
    private List<String> jqPathExpressions;
    private List<String> managedFieldsManagers;

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

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public List<String> getJsonPointers() {
        return jsonPointers;
    }

    public void setJsonPointers(List<String> jsonPointers) {
        this.jsonPointers = jsonPointers;
    }

    public List<String> getJqPathExpressions() {
        return jqPathExpressions;
    }

    public void setJqPathExpressions(List<String> jqPathExpressions) {
        this.jqPathExpressions = jqPathExpressions;
    }

    public List<String> getManagedFieldsManagers() {
        return managedFieldsManagers;
    }

    public void setManagedFieldsManagers(List<String> managedFieldsManagers) {
        this.managedFieldsManagers = managedFieldsManagers;
    }
}
