package io.sextant.model;

/**
 * An entry of a project's cluster resource allow or deny list: a group and kind, and optionally a
 * glob on the resource name (all names when empty).
 */
public class ClusterResourceRestriction extends GroupKind {

    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
