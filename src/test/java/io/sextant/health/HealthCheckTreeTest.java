package io.sextant.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a check of an Argo-format tree lands, and what is left out with a reason. */
class HealthCheckTreeTest {

    @Test
    void groupKindAndCoreKindFilesBecomeChecksTestsAndDataAreLeftAlone() {
        List<String> warnings = new ArrayList<>();
        Map<String, String> scripts = HealthCheckTree.scripts(
                Map.of(
                        "cert-manager.io/Certificate/health.lua", "return {status = 'Healthy'}",
                        "cert-manager.io/Certificate/health_test.yaml", "tests: []",
                        "cert-manager.io/Certificate/testdata/ready.yaml", "kind: Certificate",
                        "ConfigMap/health.lua", "return {status = 'Degraded'}",
                        "a/b/c/health.lua", "return {}",
                        "x.io/Empty/health.lua", "  \n",
                        "README.md", "# checks"),
                warnings);

        assertThat(scripts).containsOnlyKeys("cert-manager.io/Certificate", "ConfigMap");
        assertThat(warnings)
                .containsExactlyInAnyOrder(
                        "ignored a/b/c/health.lua: expected <group>/<kind>/health.lua or <kind>/health.lua",
                        "ignored x.io/Empty/health.lua: empty");
    }

    @Test
    void aScriptOfTheSettingsWinsOverTheTreeForTheSameKindAndTheTreeFillsTheRest() {
        HealthCustomizations c = HealthCustomizations.fromSettings(
                Map.of("resource.customizations.health.cert-manager.io_Certificate", "settings"),
                Map.of("cert-manager.io/Certificate", "tree", "cert-manager.io/Issuer", "tree-issuer"),
                List.of("ignored a/b/c/health.lua: expected ..."));

        assertThat(c.lookup("cert-manager.io", "Certificate"))
                .get()
                .extracting(HealthCustomizations.Script::text)
                .isEqualTo("settings");
        assertThat(c.lookup("cert-manager.io", "Issuer"))
                .get()
                .extracting(HealthCustomizations.Script::text)
                .isEqualTo("tree-issuer");
        assertThat(c.warnings()).containsExactly("ignored a/b/c/health.lua: expected ...");
    }
}
