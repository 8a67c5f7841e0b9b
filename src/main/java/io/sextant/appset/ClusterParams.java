package io.sextant.appset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters generator (Generators-Cluster.md): one parameter set per cluster Secret its
 * {@code selector} matches — {@code name}, {@code nameNormalized}, {@code server},
 * {@code metadata.labels.<k>}, {@code metadata.annotations.<k>} and {@code values.<k>} (each value templated
 * with the cluster's own parameters) — plus the in-cluster entry ({@code in-cluster},
 * {@code https://kubernetes.default.svc}) when the selector is empty and no Secret names that server.
 */
final class ClusterParams {

    static final String IN_CLUSTER_NAME = "in-cluster";
    static final String IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

    private ClusterParams() {}

    static List<Map<String, String>> generate(
            JsonNode spec, List<GeneratorSources.Cluster> clusters, String where, Interpolation interpolation) {
        ParamSelector selector = ParamSelector.of(spec.get("selector"), where);
        List<Map<String, String>> out = new ArrayList<>();
        boolean inClusterSecret = false;
        for (GeneratorSources.Cluster c : clusters) {
            String server = stripTrailingSlashes(c.server());
            inClusterSecret |= server.equals(IN_CLUSTER_SERVER);
            if (!selector.matches(c.labels())) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("name", c.name());
            params.put("nameNormalized", Names.normalize(c.name()));
            params.put("server", server);
            c.labels().forEach((k, v) -> params.put("metadata.labels." + k, v));
            c.annotations().forEach((k, v) -> params.put("metadata.annotations." + k, v));
            out.add(withValues(params, spec, where, interpolation));
        }
        if (!inClusterSecret && selector.isEmpty()) {
            Map<String, String> local = new LinkedHashMap<>();
            local.put("name", IN_CLUSTER_NAME);
            local.put("nameNormalized", IN_CLUSTER_NAME);
            local.put("server", IN_CLUSTER_SERVER);
            out.add(withValues(local, spec, where, interpolation));
        }
        return out;
    }

    /** {@code values.<k>} added, each value templated with the parameters so far. */
    static Map<String, String> withValues(
            Map<String, String> params, JsonNode spec, String where, Interpolation interpolation) {
        JsonNode values = spec.path("values");
        if (values.isMissingNode() || values.isNull()) {
            return params;
        }
        if (!values.isObject()) {
            throw Generators.error(where + ".values must be a map of strings");
        }
        Map<String, String> base = Map.copyOf(params);
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw Generators.error(where + ".values." + e.getKey() + " must be a string");
            }
            params.put("values." + e.getKey(), interpolation.render(e.getValue().asText(), base));
        }
        return params;
    }

    private static String stripTrailingSlashes(String server) {
        String s = server == null ? "" : server;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
