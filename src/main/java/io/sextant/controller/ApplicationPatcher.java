package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.model.Application;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON merge patches of Applications, one HTTP request each. fabric8's
 * {@code withName(n).patch(context, string)} first GETs the object only to learn its name and
 * namespace; patching through an object that already carries them skips that read, which was a third
 * of the controller's requests under sync load. The answer is the Application as stored after the
 * patch, so callers need no read to learn its new resourceVersion.
 *
 * <p>It also remembers the last answer per Application until the watch has caught up with it
 * ({@link #newest}): a reconcile that starts right after a write then decides on what was written,
 * not on the watch's older copy (which would, for one, start an automated sync a second time).
 * Thread-safe.
 */
final class ApplicationPatcher {

    private final KubernetesClient client;
    private final Map<String, Application> written = new ConcurrentHashMap<>();

    ApplicationPatcher(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @return the Application as stored after the patch, or null when it no longer exists
     * @throws KubernetesClientException for any other refusal, 409 Conflict included (a patch that
     *         names a resourceVersion which is no longer current)
     */
    Application mergePatch(String namespace, String name, ObjectNode patch) {
        Application target = new Application();
        target.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        Application stored;
        try {
            stored = client.resources(Application.class)
                    .inNamespace(namespace)
                    .resource(target)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                written.remove(namespace + "/" + name);
                return null;
            }
            throw e;
        }
        if (stored != null) {
            remember(stored);
        }
        return stored;
    }

    /** Keeps {@code stored}, the answer of a write, unless a newer one of the same app is kept already. */
    void remember(Application stored) {
        String key =
                stored.getMetadata().getNamespace() + "/" + stored.getMetadata().getName();
        written.merge(key, stored, (old, now) -> newer(now, old) ? now : old);
    }

    /**
     * The newer of {@code cached} (the watch's copy; null when the watch knows no such app) and the
     * last Application this patcher stored under that name. Its own copy is dropped once the watch
     * has one as new, or knows the app no more.
     */
    Application newest(String namespace, String name, Application cached) {
        String key = namespace + "/" + name;
        Application mine = written.get(key);
        if (mine == null) {
            return cached;
        }
        if (cached == null || !newer(mine, cached)) {
            written.remove(key, mine);
            return cached;
        }
        return mine;
    }

    /** The watch delivered {@code app}: our own copy of it goes once the watch's is as new. */
    void seen(Application app) {
        String key = app.getMetadata().getNamespace() + "/" + app.getMetadata().getName();
        written.computeIfPresent(key, (k, mine) -> newer(mine, app) ? mine : null);
    }

    /** Forgets what was written for a deleted Application. */
    void forget(String namespace, String name) {
        written.remove(namespace + "/" + name);
    }

    /**
     * Whether {@code a} is a later version of the same Application than {@code b}. resourceVersions are
     * opaque in general; the API server's are etcd revisions, numbers that only grow. Anything else,
     * or another incarnation of the name (another uid), is never called newer.
     */
    static boolean newer(Application a, Application b) {
        if (!Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid())) {
            return false;
        }
        try {
            return Long.parseLong(a.getMetadata().getResourceVersion())
                    > Long.parseLong(b.getMetadata().getResourceVersion());
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
