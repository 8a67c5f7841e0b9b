package io.sextant.controller.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The hand-over rules of package-info, one per test, with the clock in the test's hands: what a replica
 * may work on at once, what it holds back, what it drops.
 */
class OwnershipTest {

    private static final long HOLD = 5_000;
    private static final List<String> APPS =
            IntStream.range(0, 40).mapToObj(i -> "app-" + i).toList();

    @Test
    void aReplicaAloneOwnsEverythingAtOnce() {
        Ownership a = new Ownership("a", HOLD);
        Ownership.Change c = a.update(Set.of(), APPS, true, 0);
        assertThat(c.actableNow()).containsExactlyInAnyOrderElementsOf(APPS);
        assertThat(c.heldUntil()).isEmpty();
        assertThat(APPS).allMatch(app -> c.view().owns(app, 0));
        Ownership.Change created = a.update(Set.of(), List.of("app-0", "new"), true, 1);
        assertThat(created.actableNow()).containsExactly("new");
        assertThat(created.dropped()).hasSize(APPS.size() - 1);
    }

    @Test
    void aJoiningReplicaWaitsWhileTheOldOwnerDropsAtOnce() {
        Ownership a = new Ownership("a", HOLD);
        a.update(Set.of(), APPS, true, 0);
        Ownership b = new Ownership("b", HOLD);

        Ownership.Change joined = b.update(Set.of("a"), APPS, true, 100);
        assertThat(joined.actableNow())
                .as("b starts beside a live a: nothing at once")
                .isEmpty();
        assertThat(joined.heldUntil())
                .isNotEmpty()
                .allSatisfy((app, at) -> assertThat(at).isEqualTo(100 + HOLD));
        Ownership.Change sawB = a.update(Set.of("b"), APPS, true, 101);
        assertThat(sawB.dropped())
                .containsExactlyInAnyOrderElementsOf(joined.heldUntil().keySet());
        assertThat(joined.heldUntil().keySet()).noneMatch(app -> sawB.view().owns(app, 101));
        assertThat(joined.heldUntil().keySet())
                .noneMatch(app -> joined.view().owns(app, 100 + HOLD - 1))
                .allMatch(app -> joined.view().owns(app, 100 + HOLD));
        Ownership.Change later = b.update(Set.of("a"), APPS, true, 200 + HOLD);
        assertThat(later.actableNow()).isEmpty();
        assertThat(later.heldUntil()).as("the hold is not started again").isEmpty();
    }

    @Test
    void theApplicationsOfAnExpiredReplicaAreTakenAtOnce() {
        Ownership a = new Ownership("a", HOLD);
        Ownership b = new Ownership("b", HOLD);
        a.update(Set.of("b"), APPS, true, 0);
        Ownership.Change before = b.update(Set.of("a"), APPS, true, 0);
        Ownership.Change after = b.update(Set.of(), APPS, true, 50_000);
        assertThat(after.heldUntil()).isEmpty();
        assertThat(after.actableNow())
                .containsExactlyInAnyOrderElementsOf(APPS.stream()
                        .filter(app -> !before.view().actableAt().containsKey(app))
                        .toList());
        assertThat(APPS).allMatch(app -> after.view().owns(app, 50_000));
    }

    @Test
    void aReplicaPastItsRenewDeadlineOwnsNothingAndHoldsEverythingWhenItIsBack() {
        Ownership a = new Ownership("a", HOLD);
        a.update(Set.of(), APPS, true, 0);
        Ownership.Change cutOff = a.update(Set.of(), APPS, false, 10);
        assertThat(cutOff.view().actableAt()).isEmpty();
        assertThat(cutOff.dropped()).containsExactlyInAnyOrderElementsOf(APPS);
        Ownership.Change back = a.update(Set.of(), APPS, true, 20);
        assertThat(back.actableNow()).isEmpty();
        assertThat(back.heldUntil()).containsOnlyKeys(APPS).containsValue(20 + HOLD);
    }

    @Test
    void newApplicationsAreHeldWhileOthersAreLive() {
        Ownership a = new Ownership("a", HOLD);
        a.update(Set.of("b"), List.of(), true, 0);
        List<String> created = List.of("x", "y", "z", "w");
        Ownership.Change c = a.update(Set.of("b"), created, true, 1);
        assertThat(c.actableNow()).isEmpty();
        Map<String, Long> held = c.heldUntil();
        assertThat(held.values()).allMatch(at -> at == 1 + HOLD);
    }
}
