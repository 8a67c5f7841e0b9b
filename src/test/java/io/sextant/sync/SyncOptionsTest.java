package io.sextant.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncOptionsTest {

    @Test
    void defaultsAreArgoCdsExceptServerSideApply() {
        SyncOptions none = SyncOptions.none();
        assertThat(none.createNamespace()).isFalse();
        assertThat(none.pruneLast()).isFalse();
        assertThat(none.prunePropagationPolicy()).isEqualTo(SyncOptions.PropagationPolicy.FOREGROUND);
        assertThat(none.prunePropagationPolicy().kubernetesName()).isEqualTo("Foreground");
        assertThat(none.failOnSharedResource()).isFalse();
        assertThat(none.applyOutOfSyncOnly()).isFalse();
        assertThat(none.serverSideApply()).isEmpty();
        assertThat(none.useServerSideApply()).isTrue();
        assertThat(none.clientSideApplyMigration()).isTrue();
        assertThat(none.replace()).isFalse();
        assertThat(none.pruneDisabled()).isFalse();
        assertThat(none.deleteDisabled()).isFalse();
        assertThat(none.force()).isFalse();
    }

    @Test
    void applicationListIsParsedWithBlanksTolerated() {
        SyncOptions o = SyncOptions.parse(List.of(
                "CreateNamespace=true",
                " PruneLast = true ",
                "",
                "PrunePropagationPolicy=background",
                "Validate=true",
                "ApplyOutOfSyncOnly=TRUE",
                "Replace=true",
                "FailOnSharedResource=true",
                "RespectIgnoreDifferences=false",
                "SkipDryRunOnMissingResource=false"));
        assertThat(o.createNamespace()).isTrue();
        assertThat(o.pruneLast()).isTrue();
        assertThat(o.prunePropagationPolicy()).isEqualTo(SyncOptions.PropagationPolicy.BACKGROUND);
        assertThat(o.applyOutOfSyncOnly()).isTrue();
        assertThat(o.replace()).isTrue();
        assertThat(o.useServerSideApply())
                .as("Replace=true wins over server-side apply")
                .isFalse();
        assertThat(o.failOnSharedResource()).isTrue();
        assertThat(o.toString())
                .isEqualTo("[CreateNamespace=true, PruneLast=true, PrunePropagationPolicy=background, "
                        + "FailOnSharedResource=true, ApplyOutOfSyncOnly=true, Validate=true, RespectIgnoreDifferences=false, "
                        + "Replace=true, SkipDryRunOnMissingResource=false]");
    }

    /** Issue 21 item 7: what Sextant does not implement is refused, saying what to do, never accepted and ignored. */
    @Test
    void optionsSextantDoesNotImplementAreRefusedSayingWhatToDo() {
        for (String option : List.of(
                "Validate=false",
                "RespectIgnoreDifferences=true",
                "SkipDryRunOnMissingResource=true",
                "Prune=confirm",
                "Delete=confirm")) {
            assertThatThrownBy(() -> SyncOptions.parse(List.of(option)))
                    .as(option)
                    .hasMessageContaining("is not supported by Sextant")
                    .hasMessageContaining(option.split("=")[0]);
            assertThatThrownBy(() -> SyncOptions.parseAnnotation(option))
                    .as(option)
                    .hasMessageContaining("is not supported by Sextant");
        }
        assertThat(SyncOptions.parseAnnotation("Delete=false").deleteDisabled()).isTrue();
    }

    @Test
    void serverSideApplyIsTriState() {
        assertThat(SyncOptions.parse(List.of("ServerSideApply=true")).serverSideApply())
                .contains(true);
        SyncOptions off = SyncOptions.parse(List.of("ServerSideApply=false"));
        assertThat(off.serverSideApply()).contains(false);
        assertThat(off.useServerSideApply()).isFalse();
    }

    @Test
    void resourceAnnotationOverridesTheApplicationPerOption() {
        SyncOptions app = SyncOptions.parse(List.of("ServerSideApply=true", "Prune=false", "PruneLast=true"));
        SyncOptions res = app.forResource(manifest("Prune=true, ServerSideApply=false,Force=true"));
        assertThat(res.serverSideApply()).contains(false);
        assertThat(res.pruneDisabled()).isFalse();
        assertThat(res.pruneLast())
                .as("not overridden, kept from the Application")
                .isTrue();
        assertThat(res.force()).isTrue();
        assertThat(app.pruneDisabled())
                .as("the Application's options are not changed")
                .isTrue();
        assertThat(app.forResource(null)).isEqualTo(app);
    }

    @Test
    void helmResourcePolicyKeepMeansDeleteFalseUnlessDeleteIsWritten() {
        ObjectNode kept = manifest(null);
        ((ObjectNode) kept.path("metadata").path("annotations")).put("helm.sh/resource-policy", "keep");
        assertThat(SyncOptions.none().forResource(kept).deleteDisabled()).isTrue();
        ObjectNode explicit = manifest("Delete=true");
        ((ObjectNode) explicit.path("metadata").path("annotations")).put("helm.sh/resource-policy", "keep");
        assertThat(SyncOptions.none().forResource(explicit).deleteDisabled()).isFalse();
    }

    @Test
    void unknownOptionListsTheKnownOnes() {
        assertThatThrownBy(() -> SyncOptions.parse(List.of("AutoPrune=true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "unknown sync option \"AutoPrune=true\" in spec.syncPolicy.syncOptions; known options: ")
                .hasMessageContaining("CreateNamespace, PruneLast, PrunePropagationPolicy")
                .hasMessageContaining("Force");
    }

    @Test
    void wrongCaseInANameSuggestsTheRightOne() {
        assertThatThrownBy(() -> SyncOptions.parseAnnotation("prune=false"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown sync option \"prune=false\" in annotation argocd.argoproj.io/sync-options: "
                        + "option names are case-sensitive, did you mean Prune?");
    }

    @Test
    void badValueListsTheAllowedValues() {
        assertThatThrownBy(() -> SyncOptions.parse(List.of("PrunePropagationPolicy=cascade")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sync option \"PrunePropagationPolicy=cascade\" in spec.syncPolicy.syncOptions: "
                        + "PrunePropagationPolicy must be one of foreground, background, orphan");
        assertThatThrownBy(() -> SyncOptions.parseAnnotation("Validate=no"))
                .hasMessageContaining("Validate must be one of true, false");
    }

    @Test
    void missingValueIsAnError() {
        assertThatThrownBy(() -> SyncOptions.parse(List.of("CreateNamespace")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sync option \"CreateNamespace\" in spec.syncPolicy.syncOptions has no value; "
                        + "write CreateNamespace=<value>, one of true, false");
    }

    private static ObjectNode manifest(String syncOptions) {
        ObjectNode obj = SyncScenarioTest.YAML.createObjectNode();
        obj.put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode annotations = obj.putObject("metadata").put("name", "cfg").putObject("annotations");
        if (syncOptions != null) {
            annotations.put("argocd.argoproj.io/sync-options", syncOptions);
        }
        return obj;
    }
}
