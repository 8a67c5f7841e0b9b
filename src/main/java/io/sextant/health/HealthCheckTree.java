package io.sextant.health;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Health checks laid out as in Argo CD's {@code resource_customizations} directory:
 * {@code <group>/<kind>/health.lua} for a kind of an API group, {@code <kind>/health.lua} for a core
 * kind, relative to the tree's root. Other files (Argo's {@code health_test.yaml}, {@code testdata/},
 * {@code actions/}) are left alone, so a team can point at the tree it already keeps with its tests. A
 * {@code health.lua} deeper in the tree is reported, not guessed at. Plain function; thread-safe.
 */
public final class HealthCheckTree {

    public static final String FILE = "health.lua";

    private HealthCheckTree() {}

    /**
     * @param files    file texts by path relative to the tree's root ({@code /}-separated)
     * @param warnings where files that look like checks but cannot be placed are reported
     * @return scripts keyed {@code group/kind}, or {@code kind} for the core group, as
     *         {@link HealthCustomizations#of} takes them
     */
    public static Map<String, String> scripts(Map<String, String> files, List<String> warnings) {
        Map<String, String> scripts = new TreeMap<>();
        files.forEach((path, text) -> {
            String[] parts = path.split("/", -1);
            if (!parts[parts.length - 1].equals(FILE)) {
                return;
            }
            boolean blankPart = false;
            for (String p : parts) {
                blankPart |= p.isBlank();
            }
            if (blankPart || parts.length < 2 || parts.length > 3) {
                warnings.add("ignored " + path + ": expected <group>/<kind>/" + FILE + " or <kind>/" + FILE);
                return;
            }
            if (text == null || text.isBlank()) {
                warnings.add("ignored " + path + ": empty");
                return;
            }
            scripts.put(parts.length == 3 ? parts[0] + "/" + parts[1] : parts[0], text);
        });
        return scripts;
    }
}
