package io.sextant.model;

import static io.sextant.model.ModelFixtures.APPLICATION_FULL;
import static io.sextant.model.ModelFixtures.APPPROJECT_FULL;
import static io.sextant.model.ModelFixtures.KC_WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The full fixtures and the model cover each other: every field of the fixtures lands in a typed
 * property (so the model's JSON names are right), except the deliberately unknown {@code future*}
 * fields, and every typed property of the model is set somewhere in the fixtures (so the round
 * trip test exercises all of them).
 */
class ModelCoverageTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void onlyTheFutureFieldsOfTheFullApplicationAreUntyped() {
        Walk walk = walk(ModelFixtures.read(APPLICATION_FULL, Application.class));
        assertEquals(
                Set.of(
                        "futureTopLevel",
                        "spec.futureSpecField",
                        "spec.source.helm.futureHelmOption",
                        "spec.sources[1].futureSourceField",
                        "operation.sync.futureSyncField",
                        "status.sync.futureSyncStatusField"),
                walk.untyped);
    }

    @Test
    void onlyTheFutureFieldsOfTheFullProjectAreUntyped() {
        Walk walk = walk(ModelFixtures.read(APPPROJECT_FULL, AppProject.class));
        assertEquals(
                Set.of(
                        "futureTopLevel",
                        "spec.futureSpecField",
                        "spec.syncWindows[0].futureWindowField",
                        "status.futureStatusField"),
                walk.untyped);
    }

    @Test
    void everyFieldOfTheWorkshopApplicationIsTyped() {
        assertEquals(Set.of(), walk(ModelFixtures.read(KC_WORKER, Application.class)).untyped);
    }

    @Test
    void theFullApplicationSetsEveryTypedProperty() {
        assertEquals(
                Map.of(), unset(Application.class, walk(ModelFixtures.read(APPLICATION_FULL, Application.class)).set));
    }

    @Test
    void theFullProjectSetsEveryTypedProperty() {
        assertEquals(
                Map.of(), unset(AppProject.class, walk(ModelFixtures.read(APPPROJECT_FULL, AppProject.class)).set));
    }

    /** Properties of model classes reachable from the root type that no instance had set. */
    private static Map<String, Set<String>> unset(Class<?> root, Map<Class<?>, Set<String>> set) {
        Map<String, Set<String>> missing = new TreeMap<>();
        Deque<JavaType> todo = new ArrayDeque<>(List.of(MAPPER.constructType(root)));
        Set<Class<?>> done = new HashSet<>();
        while (!todo.isEmpty()) {
            JavaType type = todo.pop();
            while (type.isContainerType()) {
                type = type.getContentType();
            }
            if (!isModel(type.getRawClass()) || !done.add(type.getRawClass())) {
                continue;
            }
            for (BeanPropertyDefinition property : typedProperties(type)) {
                todo.push(property.getPrimaryType());
                if (!set.getOrDefault(type.getRawClass(), Set.of()).contains(property.getName())) {
                    missing.computeIfAbsent(type.getRawClass().getName(), k -> new TreeSet<>())
                            .add(property.getName());
                }
            }
        }
        return missing;
    }

    private record Walk(Map<Class<?>, Set<String>> set, Set<String> untyped) {}

    private static Walk walk(Object root) {
        Walk walk = new Walk(new HashMap<>(), new TreeSet<>());
        visit(root, "", walk);
        return walk;
    }

    private static void visit(Object value, String path, Walk walk) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                visit(list.get(i), path + "[" + i + "]", walk);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> visit(item, join(path, String.valueOf(key)), walk));
        } else if (value != null && isModel(value.getClass())) {
            JavaType type = MAPPER.constructType(value.getClass());
            for (BeanPropertyDefinition property : typedProperties(type)) {
                Object item = property.getGetter().getValue(value);
                if (item != null) {
                    walk.set
                            .computeIfAbsent(value.getClass(), k -> new TreeSet<>())
                            .add(property.getName());
                    visit(item, join(path, property.getName()), walk);
                }
            }
            Map<String, Object> extra = value instanceof ExtensibleObject o
                    ? o.getAdditionalProperties()
                    : ((ExtensibleResource<?, ?>) value).getAdditionalProperties();
            extra.keySet().forEach(key -> walk.untyped.add(join(path, key)));
        }
    }

    /** The JSON properties a model class declares (for resources: spec, status and its own). */
    private static List<BeanPropertyDefinition> typedProperties(JavaType type) {
        return MAPPER.getSerializationConfig().introspect(type).findProperties().stream()
                .filter(p -> p.getGetter() != null)
                .filter(p -> isModel(p.getGetter().getDeclaringClass())
                        || p.getName().equals("spec")
                        || p.getName().equals("status"))
                .filter(p -> !p.getGetter().getName().equals("getAdditionalProperties"))
                .toList();
    }

    private static boolean isModel(Class<?> type) {
        return type.getPackageName().equals("io.sextant.model");
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
