package io.sextant.api;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who makes the current API request, as {@link AuthFilter} verified it; resources read it to record
 * the initiator of a sync or rollback (and, with RBAC, to check permissions).
 */
@RequestScoped
public class Caller {

    private String username;

    /** The verified username; null on the open endpoints. */
    public String username() {
        return username;
    }

    void set(String username) {
        this.username = username;
    }
}
