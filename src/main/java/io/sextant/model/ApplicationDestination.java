package io.sextant.model;

/**
 * A target cluster (by API server URL or by name) and namespace.
 */
public class ApplicationDestination extends ExtensibleObject {

    private String server;
    private String namespace;
    private String name;

    public String getServer() {
        return server;
    }

    public void setServer(String server) {
        this.server = server;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
