package io.sextant.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Contracts of the entry point that the scenarios do not show. */
class DifferTest {

    @Test
    void neverChangesItsArguments() {
        DiffScenarios.Scenario s = DiffScenarios.load("secret-value-changed.yaml");
        ObjectNode target = s.object("target");
        ObjectNode live = s.object("live");
        String targetBefore = target.toString();
        String liveBefore = live.toString();

        new Differ().diff(target, null, live, IgnoreRules.none());

        assertThat(target.toString()).isEqualTo(targetBefore);
        assertThat(live.toString()).isEqualTo(liveBefore);
    }

    @Test
    void needsATargetOrALiveObject() {
        assertThatThrownBy(() -> new Differ().diff(null, null, null, IgnoreRules.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesTheResourceFromTheTargetOrTheLiveObject() {
        DiffScenarios.Scenario s = DiffScenarios.load("deployment-image-changed.yaml");
        ResourceDiff both = new Differ().diff(s.object("target"), null, s.object("live"), null);
        ResourceDiff liveOnly = new Differ().diff(null, null, s.object("live"), null);

        assertThat(both.key().toString()).isEqualTo("apps/Deployment:kubercoins/worker");
        assertThat(liveOnly.key()).isEqualTo(both.key());
    }

    @Test
    void theStatusSettingReadsArgoValues() {
        assertThat(DiffOptions.StatusMode.parse(null)).isEqualTo(DiffOptions.StatusMode.ALL);
        assertThat(DiffOptions.StatusMode.parse("crd")).isEqualTo(DiffOptions.StatusMode.CRD);
        assertThat(DiffOptions.StatusMode.parse("None")).isEqualTo(DiffOptions.StatusMode.NONE);
        assertThatThrownBy(() -> DiffOptions.StatusMode.parse("some")).isInstanceOf(IllegalArgumentException.class);
    }
}
