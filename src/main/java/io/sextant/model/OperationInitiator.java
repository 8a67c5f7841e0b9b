package io.sextant.model;

/**
 * Who asked for an operation.
 */
public class OperationInitiator extends ExtensibleObject {

    private String username;
    private Boolean automated;

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public Boolean getAutomated() {
        return automated;
    }

    public void setAutomated(Boolean automated) {
        this.automated = automated;
    }
}
