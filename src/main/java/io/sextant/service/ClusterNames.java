package io.sextant.service;

import io.sextant.model.Application;
import io.sextant.model.ApplicationDestination;
import java.util.Map;

/**
 * The name each app's destination cluster goes by, as Argo CD's pages show and filter it: the
 * {@code destination.name} when the app uses one, else the name of the cluster Secret at its server,
 * {@code in-cluster} for the cluster Sextant runs in, or the server itself for a cluster Sextant does not know.
 * A snapshot: cheap to ask for every app of a page.
 */
public final class ClusterNames {

    /** Only in-cluster known (no cluster Secrets, or a process that cannot read them). */
    public static final ClusterNames IN_CLUSTER_ONLY = new ClusterNames(Map.of());

    private final Map<String, String> nameByServer;

    ClusterNames(Map<String, String> nameByServer) {
        this.nameByServer = Map.copyOf(nameByServer);
    }

    /** The cluster name of {@code app}'s destination ("" when it has none). */
    public String of(Application app) {
        return of(app.getSpec() == null ? null : app.getSpec().getDestination());
    }

    public String of(ApplicationDestination d) {
        if (d == null) {
            return "";
        }
        if (d.getName() != null && !d.getName().isBlank()) {
            return d.getName();
        }
        if (d.getServer() == null || d.getServer().isBlank()) {
            return "";
        }
        // No regular expression: a page of 50,000 apps asks once per app.
        String server = d.getServer().strip();
        int end = server.length();
        while (end > 0 && server.charAt(end - 1) == '/') {
            end--;
        }
        server = server.substring(0, end);
        if (server.equals(ClusterService.IN_CLUSTER_SERVER)) {
            return ClusterService.IN_CLUSTER_NAME;
        }
        return nameByServer.getOrDefault(server, server);
    }
}
