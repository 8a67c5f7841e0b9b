package io.sextant.controller.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Consistent hashing with bounded loads: the same answer everywhere, even loads, few moves. */
class HashRingTest {

    private static final List<String> APPS =
            IntStream.range(0, 1000).mapToObj(i -> "app-" + i).toList();

    @Test
    void everyReplicaComputesTheSameOwnersWhateverTheOrderItSeesThingsIn() {
        List<String> apps = new ArrayList<>(APPS);
        Map<String, String> first = HashRing.assign(List.of("a", "b", "c"), apps);
        Collections.shuffle(apps, new Random(7));
        assertThat(HashRing.assign(List.of("c", "a", "b"), apps)).isEqualTo(first);
        assertThat(first).hasSize(APPS.size()).containsOnlyKeys(APPS);
        assertThat(first.values()).containsOnly("a", "b", "c");
    }

    @Test
    void noReplicaOwnsMoreThanTheBound() {
        for (int members = 1; members <= 7; members++) {
            List<String> replicas =
                    IntStream.range(0, members).mapToObj(i -> "controller-" + i).toList();
            Map<String, Integer> load = loads(HashRing.assign(replicas, APPS));
            int bound = (int) Math.ceil(1.25 * APPS.size() / members);
            assertThat(load.values()).as("loads with %d replicas", members).allMatch(l -> l <= bound);
            assertThat(load).as("every replica gets a share").hasSize(members);
        }
        assertThat(HashRing.assign(List.of("only"), List.of("x"))).containsEntry("x", "only");
        assertThat(HashRing.assign(List.of("a", "b"), List.of())).isEmpty();
    }

    @Test
    void aJoiningOrLeavingReplicaMovesFewApplications() {
        Map<String, String> three = HashRing.assign(List.of("a", "b", "c"), APPS);
        Map<String, String> four = HashRing.assign(List.of("a", "b", "c", "d"), APPS);
        long moved =
                APPS.stream().filter(a -> !three.get(a).equals(four.get(a))).count();
        long toNew = APPS.stream().filter(a -> four.get(a).equals("d")).count();
        // Ideal is a quarter, all to the new one; the load bound adds some shuffling among the others.
        assertThat(moved).isLessThan(APPS.size() * 2 / 5);
        assertThat(toNew).isGreaterThan(APPS.size() / 6);

        Map<String, String> two = HashRing.assign(List.of("a", "c"), APPS);
        long stayed = APPS.stream()
                .filter(a -> !three.get(a).equals("b") && three.get(a).equals(two.get(a)))
                .count();
        long survivorsApps =
                APPS.stream().filter(a -> !three.get(a).equals("b")).count();
        assertThat(stayed).as("apps of the survivors mostly stay put").isGreaterThan(survivorsApps * 4 / 5);
    }

    private static Map<String, Integer> loads(Map<String, String> owners) {
        Map<String, Integer> load = new HashMap<>();
        owners.values().forEach(m -> load.merge(m, 1, Integer::sum));
        return load;
    }
}
