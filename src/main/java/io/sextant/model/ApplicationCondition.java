package io.sextant.model;

/**
 * An error or warning about an Application ({@code type} such as ComparisonError).
 */
public class ApplicationCondition extends ExtensibleObject {

    private String type;
    private String message;
    private String lastTransitionTime;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }
}
