package io.sextant.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.model.ResourceIgnoreDifferences;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings keys are read as Argo CD's argocd-cm keys are. */
class SystemIgnoreDifferencesTest {

    @Test
    void readsGroupKindKindAllAndTheLegacyKey() {
        SystemIgnoreDifferences system = SystemIgnoreDifferences.fromSettings(Map.of(
                "resource.customizations.ignoreDifferences.apps_Deployment", "jsonPointers: [/spec/replicas]",
                "resource.customizations.ignoreDifferences.Service", "jqPathExpressions: ['.spec.ports[]?.nodePort']",
                "resource.customizations.ignoreDifferences.all", "managedFieldsManagers: [kube-controller-manager]",
                "resource.customizations", """
                        admissionregistration.k8s.io/MutatingWebhookConfiguration:
                          ignoreDifferences: |
                            jsonPointers: [/webhooks/0/clientConfig/caBundle]
                        """,
                "url", "https://sextant.example.com"));

        Map<String, ResourceIgnoreDifferences> rules = system.rules();
        assertThat(rules).hasSize(4);
        ResourceIgnoreDifferences deployment = rules.get("resource.customizations.ignoreDifferences.apps_Deployment");
        assertThat(deployment.getGroup()).isEqualTo("apps");
        assertThat(deployment.getKind()).isEqualTo("Deployment");
        assertThat(deployment.getJsonPointers()).containsExactly("/spec/replicas");
        ResourceIgnoreDifferences service = rules.get("resource.customizations.ignoreDifferences.Service");
        assertThat(service.getGroup()).isEmpty();
        assertThat(service.getJqPathExpressions()).containsExactly(".spec.ports[]?.nodePort");
        ResourceIgnoreDifferences all = rules.get("resource.customizations.ignoreDifferences.all");
        assertThat(all.getGroup()).isEqualTo("*");
        assertThat(all.getKind()).isEqualTo("*");
        assertThat(all.getManagedFieldsManagers()).containsExactly("kube-controller-manager");
        ResourceIgnoreDifferences legacy =
                rules.get("resource.customizations[admissionregistration.k8s.io/MutatingWebhookConfiguration]");
        assertThat(legacy.getGroup()).isEqualTo("admissionregistration.k8s.io");
        assertThat(legacy.getJsonPointers()).containsExactly("/webhooks/0/clientConfig/caBundle");
    }

    @Test
    void aBadKeyOrValueIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> SystemIgnoreDifferences.fromSettings(
                        Map.of("resource.customizations.ignoreDifferences.a_b_c", "jsonPointers: [/x]")))
                .isInstanceOf(IgnoreRuleException.class)
                .hasMessageContaining("resource.customizations.ignoreDifferences.a_b_c is invalid");
        assertThatThrownBy(() -> SystemIgnoreDifferences.fromSettings(
                        Map.of("resource.customizations.ignoreDifferences.apps_Deployment", "jsonPointers: [/x")))
                .isInstanceOf(IgnoreRuleException.class)
                .hasMessageContaining("resource.customizations.ignoreDifferences.apps_Deployment is not valid YAML");
        assertThatThrownBy(() -> SystemIgnoreDifferences.fromSettings(
                        Map.of("resource.customizations.ignoreDifferences.all", "jsonPointers: /spec/replicas")))
                .isInstanceOf(IgnoreRuleException.class)
                .hasMessageContaining("jsonPointers must be a list");
    }

    @Test
    void aYamlAliasBombIsNotExpanded() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append("]\n");
        }
        bomb.append("jsonPointers: *k\n");
        // Aliases are never expanded: the bomb stays a few bytes and its alias is no list of pointers.
        assertThatThrownBy(() -> SystemIgnoreDifferences.fromSettings(
                        Map.of("resource.customizations.ignoreDifferences.all", bomb.toString())))
                .isInstanceOf(IgnoreRuleException.class)
                .hasMessageContaining(
                        "resource.customizations.ignoreDifferences.all is invalid: jsonPointers must be a list");
    }
}
