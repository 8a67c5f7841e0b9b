package io.sextant.model;

/**
 * A free-form name/value fact (a link, a contact) shown with an Application or operation.
 */
public class Info extends ExtensibleObject {

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
