package io.sextant.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.sextant.model.Application;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts writes to Applications over a while, as a watch sees them: how a test tells a settled app from a loop. */
public final class ApplicationWrites {

    private ApplicationWrites() {}

    /**
     * The MODIFIED events of Applications in {@code namespace} (only {@code name}'s when not null) during
     * {@code span}, from now.
     */
    public static int during(KubernetesClient client, String namespace, String name, Duration span)
            throws InterruptedException {
        AtomicInteger modified = new AtomicInteger();
        Watcher<Application> counter = new Watcher<>() {
            @Override
            public void eventReceived(Action action, Application resource) {
                if (action == Action.MODIFIED) {
                    modified.incrementAndGet();
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        };
        var apps = client.resources(Application.class).inNamespace(namespace);
        try (Watch w = name == null ? apps.watch(counter) : apps.withName(name).watch(counter)) {
            Thread.sleep(span.toMillis());
        }
        return modified.get();
    }
}
