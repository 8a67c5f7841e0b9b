package io.sextant.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sextant.model.Application;
import org.junit.jupiter.api.Test;

/**
 * Which copy of an Application a reconcile decides on: the watch's, or the answer of the controller's own
 * last write while the watch has not delivered it yet (deciding on the older copy would, for one, run an
 * automated sync a second time).
 */
class ApplicationPatcherTest {

    private final ApplicationPatcher patcher = new ApplicationPatcher(null);

    @Test
    void theAnswerOfOurLastWriteIsUsedUntilTheWatchHasOneAsNew() {
        patcher.remember(app("u1", "120"));
        assertThat(patcher.newest("argocd", "a", app("u1", "100")).getMetadata().getResourceVersion())
                .as("the watch is behind")
                .isEqualTo("120");

        Application caughtUp = app("u1", "120");
        assertThat(patcher.newest("argocd", "a", caughtUp)).isSameAs(caughtUp);
        assertThat(patcher.newest("argocd", "a", app("u1", "100")).getMetadata().getResourceVersion())
                .as("our copy was dropped once the watch had caught up")
                .isEqualTo("100");
    }

    @Test
    void aWatchEventAsNewDropsOurCopyAndAnOlderOneDoesNot() {
        patcher.remember(app("u1", "120"));
        patcher.seen(app("u1", "110"));
        assertThat(patcher.newest("argocd", "a", app("u1", "110")).getMetadata().getResourceVersion())
                .isEqualTo("120");
        patcher.seen(app("u1", "130"));
        assertThat(patcher.newest("argocd", "a", app("u1", "110")).getMetadata().getResourceVersion())
                .isEqualTo("110");
    }

    @Test
    void anotherIncarnationOrADeletedAppIsNeverReplacedByOurCopy() {
        patcher.remember(app("u1", "120"));
        Application recreated = app("u2", "5");
        assertThat(patcher.newest("argocd", "a", recreated))
                .as("same name, new uid")
                .isSameAs(recreated);
        patcher.remember(app("u1", "120"));
        assertThat(patcher.newest("argocd", "a", null))
                .as("the watch knows it no more")
                .isNull();
    }

    @Test
    void anOlderAnswerNeverReplacesANewerOne() {
        patcher.remember(app("u1", "120"));
        patcher.remember(app("u1", "110")); // answers of two writes, arriving out of order
        assertThat(patcher.newest("argocd", "a", app("u1", "100")).getMetadata().getResourceVersion())
                .isEqualTo("120");
        assertThat(ApplicationPatcher.newer(app("u1", "x"), app("u1", "1")))
                .as("not a number: never newer")
                .isFalse();
    }

    private static Application app(String uid, String resourceVersion) {
        Application a = new Application();
        a.setMetadata(new ObjectMetaBuilder()
                .withNamespace("argocd")
                .withName("a")
                .withUid(uid)
                .withResourceVersion(resourceVersion)
                .build());
        return a;
    }
}
