package io.sextant.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Predicts what the API server would store for a manifest: a server-side apply in dry-run mode
 * with Sextant's field manager. Defaults, admission mutations and conversions are filled in, so
 * comparing the prediction with the live object shows real drift only.
 *
 * <p>Predictions are memoised by (manifest, live resourceVersion): while neither changes the
 * answer cannot either, which keeps periodic refreshes from calling the API server at all.
 * Thread-safe; the memo is bounded.
 */
public final class DryRunApplier {

    /**
     * One prediction per managed object of the fleet: at 50,000 one-object apps a bound of 20,000 had every
     * round ask the API server again for most of them (issue 28). An entry is the manifest's text and the
     * predicted object without its managedFields, a few KB.
     */
    private static final int MEMO_LIMIT = 100_000;

    private final KubernetesClient client;
    private final Map<String, ObjectNode> memo = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
            return size() > MEMO_LIMIT;
        }
    });

    /** The manifest of each apply by live resourceVersion (etcd revisions are unique), bounded like the memo. */
    private final Map<String, String> applied = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MEMO_LIMIT;
        }
    });

    public DryRunApplier(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Records what a real server-side apply of {@code manifest} stored: that is exactly what a dry run
     * against the new object would predict, so the comparison right after a sync needs no dry run.
     */
    public void remember(ObjectNode manifest, ObjectNode stored) {
        String rv = stored.path("metadata").path("resourceVersion").asText(null);
        if (rv != null) {
            String text = manifest.toString();
            memo.put(rv + "\u0000" + text, withoutManagedFields(stored.deepCopy()));
            applied.put(rv, text);
        }
    }

    /**
     * Whether the live version {@code liveResourceVersion} is what Sextant's own apply of a different
     * manifest stored: then applying {@code manifest} changes the object (Git changed what it says), and
     * a dry run would only tell how. False when the live version is not one of ours, or when unknown (a
     * restart forgets): only a dry run can tell then whether the difference is real.
     */
    public boolean appliedOtherThan(ObjectNode manifest, String liveResourceVersion) {
        String ours = liveResourceVersion == null ? null : applied.get(liveResourceVersion);
        return ours != null && !ours.equals(manifest.toString());
    }

    /** The prediction already known for the manifest and live version, without asking the API server. */
    public Optional<ObjectNode> known(ObjectNode manifest, String liveResourceVersion) {
        return Optional.ofNullable(memo.get(liveResourceVersion + "\u0000" + manifest));
    }

    /**
     * The predicted live state, or empty when the server cannot predict it now (the namespace
     * does not exist yet, the kind is unknown): the caller then compares the manifest as written.
     *
     * @param liveResourceVersion the live object's resourceVersion, or null when it is missing
     */
    public Optional<ObjectNode> predict(ObjectNode manifest, String liveResourceVersion) {
        String memoKey = liveResourceVersion + "\u0000" + manifest;
        ObjectNode known = memo.get(memoKey);
        if (known != null) {
            return Optional.of(known);
        }
        GenericKubernetesResource resource =
                client.getKubernetesSerialization().convertValue(manifest, GenericKubernetesResource.class);
        try {
            GenericKubernetesResource predicted = client.resource(resource)
                    .dryRun()
                    .fieldManager(CrdInstaller.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
            ObjectNode tree =
                    withoutManagedFields(client.getKubernetesSerialization().convertValue(predicted, ObjectNode.class));
            memo.put(memoKey, tree);
            return Optional.of(tree);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 422 || e.getCode() == 400) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * A prediction is compared after normalisation, which drops managedFields (the live object's are what
     * ignore rules and the previously applied fields read); kept, they were most of each entry.
     */
    private static ObjectNode withoutManagedFields(ObjectNode tree) {
        if (tree.path("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
        }
        return tree;
    }
}
