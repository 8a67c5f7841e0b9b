package io.sextant.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The model fixtures ({@code src/test/resources/model/*.yaml}) and the CRDs
 * ({@code deploy/k8s/crds/}), read the way the Kubernetes client reads them. Public so that tests
 * in other packages (the cluster tests) can apply the same fixtures.
 */
public final class ModelFixtures {

    public static final String KC_WORKER = "kc-worker.yaml";
    public static final String APPLICATION_FULL = "application-full.yaml";
    public static final String APPPROJECT_FULL = "appproject-full.yaml";

    /** The serialization the fabric8 client uses for requests and responses. */
    public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFixtures() {}

    /** A fixture as a JSON tree, exactly as written (comments aside). */
    public static JsonNode tree(String fixture) {
        try (InputStream in = open(fixture)) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture read into a model class by the fabric8 serialization. */
    public static <T> T read(String fixture, Class<T> type) {
        try (InputStream in = open(fixture)) {
            return SERIALIZATION.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the client would send for a model object, as a JSON tree. */
    public static JsonNode written(Object model) {
        try {
            return JSON.readTree(SERIALIZATION.asJson(model));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project root (Maven passes it as {@code project.root}; else the working directory). */
    public static Path repoRoot() {
        return Path.of(System.getProperty("project.root", "."));
    }

    /** A CRD file of {@code deploy/k8s/crds/} as a JSON tree. */
    public static JsonNode crdTree(String file) {
        try {
            return YAML.readTree(
                    Files.readString(repoRoot().resolve("deploy/k8s/crds").resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Paths where two trees differ (at most 20), for assertion messages. */
    public static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("", expected, actual, out);
        return out;
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (out.size() >= 20 || expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = actual.get(e.getKey());
                if (other == null) {
                    out.add(path + "/" + e.getKey() + ": missing from output");
                } else {
                    diff(path + "/" + e.getKey(), e.getValue(), other, out);
                }
            }
            actual.fieldNames().forEachRemaining(name -> {
                if (!expected.has(name)) {
                    out.add(path + "/" + name + ": added in output (" + actual.get(name) + ")");
                }
            });
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                diff(path + "/" + i, expected.get(i), actual.get(i), out);
            }
        } else {
            out.add(path + ": expected " + expected + " but was " + actual);
        }
    }

    private static InputStream open(String fixture) {
        InputStream in = ModelFixtures.class.getClassLoader().getResourceAsStream("model/" + fixture);
        if (in == null) {
            throw new IllegalArgumentException("no fixture model/" + fixture);
        }
        return in;
    }
}
