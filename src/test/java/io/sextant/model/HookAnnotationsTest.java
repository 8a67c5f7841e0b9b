package io.sextant.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.HookAnnotations.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** gitops-engine's rule for what is a hook, in the one place comparison, health and sync ask. */
class HookAnnotationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "argo={0} helm={1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "-                | -                        | RESOURCE",
                "PreSync          | -                        | HOOK",
                "'PreSync,PostSync' | -                      | HOOK",
                "Skip             | -                        | SKIP",
                "' Skip , '       | -                        | SKIP",
                "'Skip,PreSync'   | -                        | HOOK",
                "''               | -                        | HOOK",
                "Presync          | -                        | HOOK",
                "-                | pre-install              | HOOK",
                "-                | test                     | HOOK",
                "-                | ' crd-install '          | RESOURCE",
                "Skip             | pre-install              | SKIP",
                "PostSync         | crd-install              | HOOK",
            })
    void roleFollowsTheArgoAnnotationFirstThenHelms(String argo, String helm, Role expected) {
        ObjectNode obj = JSON.createObjectNode();
        ObjectNode annotations = obj.putObject("metadata").putObject("annotations");
        if (argo != null) {
            annotations.put(HookAnnotations.HOOK, argo);
        }
        if (helm != null) {
            annotations.put(HookAnnotations.HELM_HOOK, helm);
        }
        assertThat(HookAnnotations.roleOf(obj)).isEqualTo(expected);
        assertThat(HookAnnotations.isHookOrSkip(obj)).isEqualTo(expected != Role.RESOURCE);
    }
}
