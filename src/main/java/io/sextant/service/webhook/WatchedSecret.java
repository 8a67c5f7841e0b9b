package io.sextant.service.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * One Secret as a watch last saw it, started on first use (a process that never gets a webhook call
 * never watches it). A hint, never the last word: see {@link WebhookService}, which reads the Secret
 * afresh whenever this copy does not settle a call. Thread-safe.
 */
final class WatchedSecret implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private volatile SharedIndexInformer<Secret> informer;
    private volatile boolean closed;
    /** When starting the watch last failed ({@link System#nanoTime}); guarded by this. */
    private long failedAt = System.nanoTime() - RETRY_NANOS - 1;

    private static final long RETRY_NANOS = 60_000_000_000L;

    WatchedSecret(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    /** The Secret as last seen, or null (absent, not seen yet, or the watch could not start). */
    Secret get() {
        SharedIndexInformer<Secret> current = started();
        if (current == null) {
            return null;
        }
        List<Secret> items = current.getStore().list();
        return items.isEmpty() ? null : items.get(0);
    }

    private SharedIndexInformer<Secret> started() {
        if (informer != null || closed) {
            return informer;
        }
        synchronized (this) {
            if (informer == null && !closed && System.nanoTime() - failedAt > RETRY_NANOS) {
                try {
                    informer = client.secrets()
                            .inNamespace(namespace)
                            .withName(name)
                            .inform();
                } catch (KubernetesClientException e) {
                    // No watch (not allowed, or the API server away): calls read the Secret afresh, and the
                    // watch is tried again in a minute rather than on every call.
                    failedAt = System.nanoTime();
                    return null;
                }
            }
            return informer;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (informer != null) {
            informer.close();
        }
    }
}
