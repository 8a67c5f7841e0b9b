/**
 * Talking to the Kubernetes API: where the API server is found (kubeconfig, in-cluster, or the
 * embedded testbed), installing Sextant's CRDs, GVK discovery, server-side apply, delete and dry-run
 * ({@link io.sextant.kube.ClusterWriter}). Other packages get the one shared fabric8 {@code KubernetesClient}
 * of the cluster Sextant runs against by injection.
 *
 * <p>Other clusters come from cluster Secrets as Argo CD writes them (operator-manual/declarative-setup.md,
 * "Clusters"): {@link io.sextant.kube.ClusterSecret} reads and checks one, saying what to fix and never
 * quoting a credential; {@link io.sextant.kube.ClusterClients} opens a client with only the Secret's
 * credentials (no kubeconfig, no environment) and tests the connection (server version, and a read that
 * proves the credentials are accepted); the controller deploys there through such a client
 * ({@code io.sextant.controller.DestinationClusters}).
 *
 * <p>{@link io.sextant.kube.LeaseElection} elects one of several processes over a Lease: the controller
 * replicas' leader and the applicationset role's.
 */
package io.sextant.kube;
