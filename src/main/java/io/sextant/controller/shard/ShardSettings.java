package io.sextant.controller.shard;

import io.sextant.config.SextantConfig;
import java.time.Duration;

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
        var candidate = io.sextant.kube.LeaseElection.Candidate.of(replicaId, lease, renew);
        return new ShardSettings(candidate.identity(), lease, renew, auto);
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
}
