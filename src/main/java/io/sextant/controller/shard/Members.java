package io.sextant.controller.shard;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The controller replicas as their member Leases show them, watched. A member is live while its Lease
 * was renewed less than its {@code leaseDurationSeconds} ago, measured on this process's monotonic clock
 * from the moment the renewal was seen, as Kubernetes' own leader election does: the clocks of other
 * machines never enter, except that a Lease first seen with a {@code renewTime} already older than that
 * counts as expired at once (a replica killed long ago must not delay a fresh start by a lease duration).
 *
 * <p>Thread-safe: the informer thread records, any thread asks.
 */
final class Members implements AutoCloseable {

    /** What was last seen of one Lease. */
    private record Seen(String holder, ZonedDateTime renewTime, long seenAtNanos, long durationNanos, Lease lease) {
        boolean live(long now) {
            return now - seenAtNanos < durationNanos;
        }
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final String self;
    private final Duration defaultDuration;
    private final Runnable changed;
    private final SharedIndexInformer<Lease> informer;

    Members(KubernetesClient client, String namespace, String self, Duration defaultDuration, Runnable changed) {
        this.self = self;
        this.defaultDuration = defaultDuration;
        this.changed = changed;
        this.informer = client.leases()
                .inNamespace(namespace)
                .withLabel(Sharding.MEMBER_LABEL, "true")
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Lease lease) {
                                record(lease, true);
                            }

                            @Override
                            public void onUpdate(Lease before, Lease after) {
                                record(after, false);
                            }

                            @Override
                            public void onDelete(Lease lease, boolean unknownFinalState) {
                                seen.remove(lease.getMetadata().getName());
                                changed.run();
                            }
                        },
                        0);
    }

    private void record(Lease lease, boolean firstSight) {
        long now = System.nanoTime();
        String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        ZonedDateTime renewed = lease.getSpec() == null ? null : lease.getSpec().getRenewTime();
        Integer seconds = lease.getSpec() == null ? null : lease.getSpec().getLeaseDurationSeconds();
        long duration = (seconds == null || seconds <= 0 ? defaultDuration : Duration.ofSeconds(seconds)).toNanos();
        Seen before = seen.get(lease.getMetadata().getName());
        long seenAt;
        if (before != null && Objects.equals(before.holder(), holder) && Objects.equals(before.renewTime(), renewed)) {
            seenAt = before.seenAtNanos(); // not renewed: another field changed
        } else if (firstSight || before == null) {
            long age = renewed == null
                    ? duration
                    : Duration.between(renewed.toInstant(), Instant.now()).toNanos();
            seenAt = now - Math.max(0, age);
        } else {
            seenAt = now;
        }
        seen.put(lease.getMetadata().getName(), new Seen(holder, renewed, seenAt, duration, lease));
        changed.run();
    }

    /** The other replicas live now. */
    Set<String> live(long now) {
        return seen.values().stream()
                .filter(s -> s.holder() != null && !s.holder().equals(self) && s.live(now))
                .map(Seen::holder)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Member Leases of other replicas expired here and renewed (by their own clock) more than
     * {@code olderThan} ago: replicas gone for good, whose Leases the leader deletes.
     */
    List<Lease> abandoned(long now, Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        return seen.values().stream()
                .filter(s -> !self.equals(s.holder()) && !s.live(now))
                .filter(s -> s.renewTime() == null || s.renewTime().toInstant().isBefore(cutoff))
                .map(Seen::lease)
                .toList();
    }

    @Override
    public void close() {
        informer.close();
    }
}
