package io.sextant.controller.shard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * This replica's own Lease, {@code sextant-controller-<replica id>}: created on the first renewal, its
 * {@code renewTime} moved forward on every later one, deleted when the controller stops cleanly (so the
 * others take over at once instead of after a lease duration). Not thread-safe: one thread renews.
 */
final class MemberLease {

    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final KubernetesClient client;
    private final String namespace;
    private final String holder;
    private final Duration duration;
    /** Where servers reach this replica ({@link Sharding#URL_ANNOTATION}); null: not said. */
    private final String url;

    MemberLease(KubernetesClient client, String namespace, String holder, Duration duration, String url) {
        this.client = client;
        this.namespace = namespace;
        this.holder = holder;
        this.duration = duration;
        this.url = url;
    }

    static String name(String replicaId) {
        return Sharding.LEASE_PREFIX + replicaId;
    }

    /**
     * Renews the Lease, creating it when missing (first start, or deleted while this replica could not
     * reach the API server).
     *
     * @throws KubernetesClientException when the API server refuses or cannot be reached
     */
    void renew() {
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(MICRO_TIME);
        // A merge patch without resourceVersion: nobody else writes this Lease, so it cannot conflict.
        String patch = "{" + urlPatch() + "\"spec\":{\"holderIdentity\":\"" + holder + "\",\"leaseDurationSeconds\":"
                + duration.toSeconds() + ",\"renewTime\":\"" + now + "\"}}";
        try {
            lease().patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            ZonedDateTime time = ZonedDateTime.now(ZoneOffset.UTC);
            client.resource(new LeaseBuilder()
                            .withNewMetadata()
                            .withName(name(holder))
                            .withNamespace(namespace)
                            .addToLabels(Sharding.MEMBER_LABEL, "true")
                            .addToAnnotations(url == null ? Map.of() : Map.of(Sharding.URL_ANNOTATION, url))
                            .endMetadata()
                            .withNewSpec()
                            .withHolderIdentity(holder)
                            .withLeaseDurationSeconds((int) duration.toSeconds())
                            .withAcquireTime(time)
                            .withRenewTime(time)
                            .endSpec()
                            .build())
                    .create();
        }
    }

    /** The metadata part of the renewal patch that (re)states the replica's URL, if it has one. */
    private String urlPatch() {
        if (url == null) {
            return "";
        }
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.putObject("annotations").put(Sharding.URL_ANNOTATION, url);
        return "\"metadata\":" + metadata + ",";
    }

    /** Deletes the Lease; the other replicas see this replica gone at once. */
    void release() {
        lease().delete();
    }

    private Resource<Lease> lease() {
        return client.leases().inNamespace(namespace).withName(name(holder));
    }
}
