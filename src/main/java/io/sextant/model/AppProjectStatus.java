package io.sextant.model;

import java.util.List;
import java.util.Map;

/**
 * Status of an AppProject.
 */
public class AppProjectStatus extends ExtensibleObject {

    private Map<String, JwtTokens> jwtTokensByRole;

    public Map<String, JwtTokens> getJwtTokensByRole() {
        return jwtTokensByRole;
    }

    public void setJwtTokensByRole(Map<String, JwtTokens> jwtTokensByRole) {
        this.jwtTokensByRole = jwtTokensByRole;
    }

    /** The tokens issued for one role. */
    public static class JwtTokens extends ExtensibleObject {
        private List<JwtToken> items;

        public List<JwtToken> getItems() {
            return items;
        }

        public void setItems(List<JwtToken> items) {
            this.items = items;
        }
    }
}
