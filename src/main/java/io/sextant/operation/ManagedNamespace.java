package io.sextant.operation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.kube.ClusterWriter;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.ResourceKey;
import io.sextant.model.ResultCode;
import io.sextant.model.SyncOperationResult.ResourceResult;
import io.sextant.sync.SyncPhase;

/**
 * CreateNamespace=true: the destination namespace, with the labels and annotations of
 * {@code managedNamespaceMetadata}, made before anything else and recorded as a PreSync result. Separate
 * because it is no task of the plan: the planner never sees the namespace, the run adds it. Stateless.
 */
final class ManagedNamespace {

    private final ClusterWriter writer;

    ManagedNamespace(ClusterWriter writer) {
        this.writer = writer;
    }

    void ensure(SyncRun.Context ctx, TaskResults results) {
        String ns = ctx.destinationNamespace();
        if (ns == null || ns.isEmpty()) {
            return;
        }
        ResourceKey key = new ResourceKey("", "Namespace", "", ns);
        ResourceResult done = results.getKey(key, SyncPhase.PRE_SYNC.argoName());
        if (done != null && ResultCode.SYNCED.code().equals(done.getStatus())) {
            return; // made (or found) by this operation already, before a restart perhaps
        }
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode meta = manifest.putObject("metadata");
        meta.put("name", ns);
        if (ctx.namespaceLabels() != null && !ctx.namespaceLabels().isEmpty()) {
            ObjectNode labels = meta.putObject("labels");
            ctx.namespaceLabels().forEach(labels::put);
        }
        if (ctx.namespaceAnnotations() != null && !ctx.namespaceAnnotations().isEmpty()) {
            ObjectNode annotations = meta.putObject("annotations");
            ctx.namespaceAnnotations().forEach(annotations::put);
        }
        ResourceResult r = new ResourceResult();
        r.setGroup("");
        r.setVersion("v1");
        r.setKind("Namespace");
        r.setName(ns);
        r.setSyncPhase(SyncPhase.PRE_SYNC.argoName());
        try {
            boolean existed = writer.get("v1", key).isPresent();
            if (!existed
                    || (ctx.namespaceLabels() != null && !ctx.namespaceLabels().isEmpty())
                    || (ctx.namespaceAnnotations() != null
                            && !ctx.namespaceAnnotations().isEmpty())) {
                writer.apply(manifest, ClusterWriter.Mode.SERVER_SIDE, false, false);
            }
            r.setStatus(ResultCode.SYNCED.code());
            r.setMessage("namespace/" + ns + (existed ? " unchanged" : " created"));
        } catch (KubernetesClientException e) {
            if (ResourceWriter.transientFailure(e)) {
                // No answer (the API server away, or this process stopping mid-request): nothing is known about
                // the namespace, so nothing is recorded; the run waits and tries again, as for any task.
                throw e;
            }
            r.setStatus(ResultCode.SYNC_FAILED.code());
            r.setMessage(ResourceWriter.reason(e));
        }
        results.putKey(key, SyncPhase.PRE_SYNC.argoName(), r);
    }
}
