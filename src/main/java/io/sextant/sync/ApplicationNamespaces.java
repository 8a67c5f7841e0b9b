package io.sextant.sync;

import io.sextant.model.Glob;
import java.util.ArrayList;
import java.util.List;

/**
 * Which namespaces hold Applications this Sextant serves: the control-plane namespace always, plus
 * those matching {@code sextant.application-namespaces} (Argo CD's {@code application.namespaces},
 * "Applications in any namespace": names or globs). An app in another namespace is not ours: it is never
 * read, written or synced, since another Argo CD or Sextant may own it. Immutable and thread-safe.
 */
public final class ApplicationNamespaces {

    private final String controlPlane;
    private final List<Glob> others = new ArrayList<>();

    /**
     * @param patterns names or globs; blank entries are skipped
     * @throws IllegalArgumentException for a malformed glob, naming it
     */
    public ApplicationNamespaces(String controlPlane, List<String> patterns) {
        this.controlPlane = controlPlane;
        for (String p : patterns) {
            String pattern = p.trim();
            if (pattern.isEmpty()) {
                continue;
            }
            if (pattern.length() > 1 && pattern.startsWith("/") && pattern.endsWith("/")) {
                // Argo CD reads /.../ as a regular expression; Sextant does not, and must not read it as a glob.
                throw new IllegalArgumentException("sextant.application-namespaces: '" + pattern
                        + "' is a regular expression, which is not supported: use names or globs (team-*)");
            }
            others.add(Glob.compile(pattern, "sextant.application-namespaces"));
        }
    }

    public String controlPlane() {
        return controlPlane;
    }

    /** Whether Applications outside the control-plane namespace are served at all (a cluster-wide watch). */
    public boolean anyOther() {
        return !others.isEmpty();
    }

    /** Whether Applications in {@code namespace} are ours. */
    public boolean enabled(String namespace) {
        if (namespace == null || namespace.isEmpty() || namespace.equals(controlPlane)) {
            return true;
        }
        for (Glob g : others) {
            if (g.matches(namespace)) {
                return true;
            }
        }
        return false;
    }
}
