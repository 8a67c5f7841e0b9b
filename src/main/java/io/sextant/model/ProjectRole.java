package io.sextant.model;

import java.util.List;

/**
 * A project role: RBAC policies, bound OIDC groups and issued tokens.
 */
public class ProjectRole extends ExtensibleObject {

    private String name;
    private String description;
    /** Casbin lines, {@code p, proj:<project>:<role>, ...}. */
    private List<String> policies;

    private List<String> groups;
    private List<JwtToken> jwtTokens;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getPolicies() {
        return policies;
    }

    public void setPolicies(List<String> policies) {
        this.policies = policies;
    }

    public List<String> getGroups() {
        return groups;
    }

    public void setGroups(List<String> groups) {
        this.groups = groups;
    }

    public List<JwtToken> getJwtTokens() {
        return jwtTokens;
    }

    public void setJwtTokens(List<JwtToken> jwtTokens) {
        this.jwtTokens = jwtTokens;
    }
}
