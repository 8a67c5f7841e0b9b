package io.sextant.controller.shard;

import io.sextant.config.SextantConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * The Lease timings of one replica, checked. {@code renewDeadline} (lease duration minus renew period) is
 * when a replica that could not renew stops working; {@code hold} (one renew period) is how long a gained
 * Application waits while its previous owner may still be working on it.
 */
record ShardSettings(String replicaId, Duration leaseDuration, Duration renewPeriod, boolean auto) {

    static ShardSettings of(SextantConfig.Controller config) {
        return of(
                config.replicaId().orElse(null),
                config.leaseDuration(),
                config.leaseRenewPeriod(),
                config.sharding() == SextantConfig.ShardingMode.AUTO);
    }

    /** @param replicaId null or blank: host name and process id */
    static ShardSettings of(String replicaId, Duration lease, Duration renew, boolean auto) {
        if (lease.compareTo(Duration.ofSeconds(3)) < 0 || lease.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(
                    "sextant.controller.lease-duration must be whole seconds, at least 3s (is " + lease + ")");
        }
        if (renew.isNegative() || renew.isZero() || renew.multipliedBy(3).compareTo(lease) > 0) {
            throw new IllegalArgumentException(
                    "sextant.controller.lease-renew-period must be more than 0 and at most a "
                            + "third of sextant.controller.lease-duration (is " + renew + " with a lease of " + lease
                            + ")");
        }
        String id = replicaId == null || replicaId.isBlank() ? defaultId() : Sharding.checkReplicaId(replicaId);
        return new ShardSettings(id, lease, renew, auto);
    }

    Duration renewDeadline() {
        return leaseDuration.minus(renewPeriod);
    }

    io.sextant.kube.LeaseElection.Timings timings() {
        return new io.sextant.kube.LeaseElection.Timings(leaseDuration, renewPeriod);
    }

    Duration hold() {
        return renewPeriod;
    }

    /** Host name (a pod's name in Kubernetes) and process id: unique among running replicas. */
    private static String defaultId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "controller";
            }
        }
        String clean =
                host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (clean.length() > 40) {
            clean = clean.substring(0, 40).replaceAll("-+$", "");
        }
        return (clean.isEmpty() ? "controller" : clean) + "-"
                + ProcessHandle.current().pid();
    }
}
