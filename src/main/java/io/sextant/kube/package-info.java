/**
 * Talking to the Kubernetes API: where the API server is found (kubeconfig, in-cluster, or the
 * embedded testbed), installing Sextant's CRDs, and (later) GVK discovery, server-side apply,
 * delete and dry-run helpers. Other packages get the one shared fabric8 {@code KubernetesClient}
 * by injection.
 */
package io.sextant.kube;
