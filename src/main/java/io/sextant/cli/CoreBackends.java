package io.sextant.cli;

/**
 * Opens a {@link CoreBackend}. A class of its own so that the commands' byte code never names
 * CoreBackend (whose verification needs the Kubernetes client): the lite classpath of
 * {@link KubernetesClasspath} can load every command.
 */
final class CoreBackends {

    private CoreBackends() {}

    static Backend open(String kubeconfig, String namespace) {
        return new CoreBackend(kubeconfig, namespace);
    }

    /** Login's check that the API server answers and the CRD is there. */
    static void check(String kubeconfig, String namespace) {
        try (CoreBackend backend = new CoreBackend(kubeconfig, namespace)) {
            backend.check();
        }
    }

    /** The initial admin password from the cluster. */
    static String initialPassword(String kubeconfig, String namespace) {
        try (CoreBackend backend = new CoreBackend(kubeconfig, namespace)) {
            return backend.initialPassword();
        }
    }
}
