package io.sextant.model;

import static io.sextant.model.ModelFixtures.APPLICATION_FULL;
import static io.sextant.model.ModelFixtures.APPPROJECT_FULL;
import static io.sextant.model.ModelFixtures.KC_WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CRDs in deploy/k8s/crds/ name Argo CD's resources the way Argo CD does, match the Java
 * model, are structural, and accept the fixtures without pruning anything.
 */
class CrdTest {

    private static final String APPLICATION_CRD = "application-crd.yaml";
    private static final String APPPROJECT_CRD = "appproject-crd.yaml";

    @Test
    void applicationCrdNamesArgosApplication() {
        CustomResourceDefinition crd = crd(APPLICATION_CRD);
        assertNames(
                crd,
                Application.class,
                "applications.argoproj.io",
                "Application",
                "ApplicationList",
                "applications",
                "application",
                List.of("app", "apps"));

        List<String> columns = new ArrayList<>();
        for (CustomResourceColumnDefinition c : version(crd).getAdditionalPrinterColumns()) {
            columns.add(c.getName() + "|" + c.getType() + "|" + c.getJsonPath() + "|" + c.getPriority());
        }
        assertEquals(
                List.of(
                        "Sync Status|string|.status.sync.status|null",
                        "Health Status|string|.status.health.status|null",
                        "Revision|string|.status.sync.revision|10",
                        "Project|string|.spec.project|10"),
                columns);
    }

    @Test
    void appProjectCrdNamesArgosAppProject() {
        CustomResourceDefinition crd = crd(APPPROJECT_CRD);
        assertNames(
                crd,
                AppProject.class,
                "appprojects.argoproj.io",
                "AppProject",
                "AppProjectList",
                "appprojects",
                "appproject",
                List.of("appproj", "appprojs"));
    }

    @Test
    void requiredFieldsAreArgos() {
        JsonNode app = schema(APPLICATION_CRD);
        assertEquals(List.of("metadata", "spec"), strings(app.get("required")));
        assertEquals(List.of("destination", "project"), strings(app.at("/properties/spec/required")));
        assertEquals(List.of("repoURL"), strings(app.at("/properties/spec/properties/source/required")));
        assertEquals(List.of("repoURL"), strings(app.at("/properties/spec/properties/sources/items/required")));
        assertEquals(List.of("metadata", "spec"), strings(schema(APPPROJECT_CRD).get("required")));
    }

    @ParameterizedTest
    @CsvSource({APPLICATION_CRD, APPPROJECT_CRD})
    void schemaIsStructuralAndPrunesNothing(String file) {
        JsonNode schema = schema(file);
        assertEquals(List.of(), StructuralSchema.structuralProblems(schema));
        List<String> pruning = new ArrayList<>();
        objectsWithoutPreserve("", schema, pruning);
        assertEquals(List.of(), pruning, "objects that would prune unknown fields");
    }

    @ParameterizedTest
    @CsvSource({
        APPLICATION_CRD + ", " + KC_WORKER,
        APPLICATION_CRD + ", " + APPLICATION_FULL,
        APPPROJECT_CRD + ", " + APPPROJECT_FULL,
    })
    void schemaAcceptsTheFixtureAsWritten(String file, String fixture) {
        assertEquals(List.of(), StructuralSchema.validate(schema(file), ModelFixtures.tree(fixture)));
    }

    @Test
    void schemaRejectsWhatArgosRejects() {
        JsonNode schema = schema(APPLICATION_CRD);
        ObjectNode noDestination = (ObjectNode) ModelFixtures.tree(KC_WORKER);
        ((ObjectNode) noDestination.get("spec")).remove("destination");
        assertEquals(
                List.of(".spec: missing required field destination"), StructuralSchema.validate(schema, noDestination));

        ObjectNode badTypes = (ObjectNode) ModelFixtures.tree(APPLICATION_FULL);
        ((ObjectNode) badTypes.at("/spec/source")).put("repoURL", 42);
        ((ObjectNode) badTypes.at("/spec/syncPolicy/automated")).put("prune", "yes");
        ((ObjectNode) badTypes.at("/status/health")).put("lastTransitionTime", "yesterday");
        assertEquals(
                List.of(
                        ".spec.source.repoURL: not a string: 42",
                        ".spec.syncPolicy.automated.prune: not a boolean: \"yes\"",
                        ".status.health.lastTransitionTime: not a date-time: \"yesterday\""),
                StructuralSchema.validate(schema, badTypes));
    }

    @Test
    void checkerReportsFieldsThatWouldBePruned() {
        ObjectNode strict = JsonNodeFactory.instance.objectNode();
        strict.put("type", "object").putObject("properties").putObject("a").put("type", "string");
        ObjectNode value = JsonNodeFactory.instance.objectNode().put("a", "x").put("b", "y");
        assertEquals(List.of(".b: unknown field, would be pruned"), StructuralSchema.validate(strict, value));
    }

    private static void assertNames(
            CustomResourceDefinition crd,
            Class<? extends HasMetadata> type,
            String name,
            String kind,
            String listKind,
            String plural,
            String singular,
            List<String> shortNames) {
        assertEquals("apiextensions.k8s.io/v1", crd.getApiVersion());
        assertEquals(name, crd.getMetadata().getName());
        assertEquals("argoproj.io", crd.getSpec().getGroup());
        assertEquals("Namespaced", crd.getSpec().getScope());
        assertEquals(kind, crd.getSpec().getNames().getKind());
        assertEquals(listKind, crd.getSpec().getNames().getListKind());
        assertEquals(plural, crd.getSpec().getNames().getPlural());
        assertEquals(singular, crd.getSpec().getNames().getSingular());
        assertEquals(shortNames, crd.getSpec().getNames().getShortNames());

        CustomResourceDefinitionVersion version = version(crd);
        assertEquals("v1alpha1", version.getName());
        assertTrue(version.getServed());
        assertTrue(version.getStorage());
        assertNotNull(version.getSubresources(), "subresources: {} is written out");
        assertNull(version.getSubresources().getStatus(), "Argo CD has no status subresource");
        assertNull(version.getSubresources().getScale());

        // The Java model names the same resource.
        assertEquals(name, CustomResource.getCRDName(type));
        assertEquals("argoproj.io", HasMetadata.getGroup(type));
        assertEquals("v1alpha1", HasMetadata.getVersion(type));
        assertEquals(kind, HasMetadata.getKind(type));
        assertEquals(plural, HasMetadata.getPlural(type));
        assertEquals(singular, HasMetadata.getSingular(type));
        assertEquals(shortNames, List.of(CustomResource.getShortNames(type)));
        assertTrue(Namespaced.class.isAssignableFrom(type));
    }

    private static CustomResourceDefinition crd(String file) {
        return ModelFixtures.SERIALIZATION.convertValue(ModelFixtures.crdTree(file), CustomResourceDefinition.class);
    }

    private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
        assertEquals(1, crd.getSpec().getVersions().size());
        return crd.getSpec().getVersions().get(0);
    }

    private static JsonNode schema(String file) {
        return ModelFixtures.crdTree(file).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        ((ArrayNode) array).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Typed objects (with properties) that do not keep unknown fields, except metadata. */
    private static void objectsWithoutPreserve(String path, JsonNode node, List<String> out) {
        if (node.has("properties") && !node.path(StructuralSchema.PRESERVE).asBoolean()) {
            out.add(path.isEmpty() ? "(root)" : path);
        }
        node.path("properties")
                .fields()
                .forEachRemaining(e -> objectsWithoutPreserve(path + "." + e.getKey(), e.getValue(), out));
        if (node.has("items")) {
            objectsWithoutPreserve(path + "[]", node.get("items"), out);
        }
        if (node.path("additionalProperties").isObject()) {
            objectsWithoutPreserve(path + ".*", node.get("additionalProperties"), out);
        }
    }
}
