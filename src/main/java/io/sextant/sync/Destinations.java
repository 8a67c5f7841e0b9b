package io.sextant.sync;

import java.util.Optional;

/**
 * Whether Sextant can deploy to an Application's destination cluster: the cluster it runs in
 * ({@code server: https://kubernetes.default.svc} or {@code name: in-cluster}) or one of a cluster Secret
 * ({@link KnownClusters}). Any other is refused (an InvalidSpecError condition, no comparison, no sync,
 * nothing written), never deployed to the local cluster in its place. The rules on the destination itself follow Argo CD's
 * validation of it (user-guide/application-specification, "destination"): exactly one of {@code server} and
 * {@code name}; the messages start as Argo's do, then say what Sextant supports. Stateless.
 */
public final class Destinations {

    private Destinations() {}

    /** Why Sextant cannot deploy to this destination; empty when it is in-cluster or a known cluster. */
    public static Optional<String> refusal(String server, String name, KnownClusters known) {
        boolean hasServer = server != null && !server.isBlank();
        boolean hasName = name != null && !name.isBlank();
        if (hasServer && hasName) {
            return Optional.of(
                    "application destination can't have both name and server defined: " + name + " " + server);
        }
        if (!hasServer && !hasName) {
            return Optional.of("Destination server missing from app spec: set destination.server "
                    + ProjectBounds.IN_CLUSTER_SERVER + " or destination.name " + ProjectBounds.IN_CLUSTER_NAME);
        }
        if (hasName) {
            return ProjectBounds.IN_CLUSTER_NAME.equals(name)
                            || known.serverOf(name).isPresent()
                    ? Optional.empty()
                    : Optional.of("unable to find destination server: there are no clusters with this name: " + name
                            + " (add it with `sextant cluster add`, or a cluster Secret, or use destination.name "
                            + ProjectBounds.IN_CLUSTER_NAME + ")");
        }
        String normalized = server.strip().replaceAll("/+$", "");
        return ProjectBounds.IN_CLUSTER_SERVER.equals(normalized)
                        || known.nameOf(server).isPresent()
                ? Optional.empty()
                : Optional.of(
                        "cluster '" + server + "' has not been configured (add it with `sextant cluster add`, or a "
                                + "cluster Secret, or use destination.server " + ProjectBounds.IN_CLUSTER_SERVER + ")");
    }
}
