package io.sextant.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API server's own request counters ({@code /metrics}), summed by verb and resource: what a phase of a
 * test or benchmark cost the API server, told apart by kind ("PATCH applications", "APPLY configmaps dry-run").
 * Read from the server, so they count every client's requests: a caller takes differences around work of
 * its own on an otherwise quiet testbed.
 */
public final class ApiServerRequests {

    private static final Pattern VERB = Pattern.compile("verb=\"([^\"]*)\"");
    private static final Pattern RESOURCE = Pattern.compile("resource=\"([^\"]*)\"");
    private static final Pattern SUBRESOURCE = Pattern.compile("subresource=\"([^\"]*)\"");
    private static final Pattern DRY_RUN = Pattern.compile("dry_run=\"([^\"]*)\"");

    private ApiServerRequests() {}

    /** Requests served so far ({@code apiserver_request_total}) by kind. */
    public static Map<String, Long> counts(KubernetesClient client) {
        return metric(client, "apiserver_request_total", 1);
    }

    /** Time spent in requests so far ({@code apiserver_request_duration_seconds_sum}) by kind, in milliseconds. */
    public static Map<String, Long> millis(KubernetesClient client) {
        return metric(client, "apiserver_request_duration_seconds_sum", 1000);
    }

    private static Map<String, Long> metric(KubernetesClient client, String name, double scale) {
        Map<String, Long> out = new HashMap<>();
        Pattern line = Pattern.compile("^" + name + "\\{(.*)\\} (\\S+)$");
        for (String l : client.raw("/metrics").split("\n")) {
            Matcher m = line.matcher(l);
            if (!m.matches()) {
                continue;
            }
            String labels = m.group(1);
            String sub = find(SUBRESOURCE, labels);
            String dry = find(DRY_RUN, labels);
            String key = find(VERB, labels) + " " + find(RESOURCE, labels)
                    + (sub.isEmpty() ? "" : "/" + sub)
                    + (dry.isEmpty() ? "" : " dry-run");
            out.merge(key, Math.round(Double.parseDouble(m.group(2)) * scale), Long::sum);
        }
        return out;
    }

    private static String find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : "";
    }

    /** {@code after - before} per kind, only the kinds that grew. */
    public static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> out = new HashMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    public static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The kinds whose value per app is at least 0.1 (at most eight), largest first: "PATCH applications=1.00, ...". */
    public static String perApp(Map<String, Long> m, int n) {
        return m.entrySet().stream()
                .filter(e -> e.getValue() >= n / 10)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .map(e -> String.format(Locale.ROOT, "%s=%.2f", e.getKey(), e.getValue() / (double) n))
                .collect(Collectors.joining(", "));
    }
}
