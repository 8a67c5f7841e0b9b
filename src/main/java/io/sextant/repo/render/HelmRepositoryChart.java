package io.sextant.repo.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Charts from a Helm chart repository (an {@code index.yaml} and chart archives over http or https), or
 * from an OCI registry ({@code oci://} URLs, see {@link OciChart}):
 * {@link #resolve} picks the version {@code targetRevision} names (an exact version, or the newest
 * release for {@code *}, empty or {@code latest}), {@link #download} fetches its archive (which
 * {@link ChartArchive} unpacks). Both read with size bounds (the index and the archive count against the render's byte
 * limit) and the tool time bound; only http and https URLs are followed, credentials are not supported
 * yet. Stateless and thread-safe.
 */
public final class HelmRepositoryChart {

    /** Shared with {@link OciChart}: http(s) with redirects, a connect timeout. */
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private HelmRepositoryChart() {
    }

    /** The chart version {@code targetRevision} names in the repository's index. */
    public static String resolve(String repoURL, String chart, String targetRevision, RenderLimits limits,
            RenderTools tools) {
        if (OciChart.handles(repoURL)) {
            return OciChart.of(repoURL, chart, tools).resolve(targetRevision, limits);
        }
        return find(index(repoURL, limits, tools), repoURL, chart, targetRevision).path("version").asText();
    }

    /** The chart archive of {@code version}, read with the render's byte limit. */
    static byte[] download(String repoURL, String chart, String version, RenderLimits limits, RenderTools tools) {
        if (OciChart.handles(repoURL)) {
            return OciChart.of(repoURL, chart, tools).download(version, limits);
        }
        JsonNode entry = find(index(repoURL, limits, tools), repoURL, chart, version);
        JsonNode urls = entry.path("urls");
        if (!urls.isArray() || urls.isEmpty() || !urls.get(0).isTextual()) {
            throw new RepoException(Reason.INVALID_MANIFEST, "the index of " + Redactor.redact(repoURL)
                    + " lists no archive URL for " + chart + " " + version);
        }
        URI archive = base(repoURL).resolve(urls.get(0).asText());
        return get(archive, limits.maxTotalBytes(), tools);
    }

    private static JsonNode index(String repoURL, RenderLimits limits, RenderTools tools) {
        byte[] bytes = get(base(repoURL).resolve("index.yaml"), limits.maxTotalBytes(), tools);
        RenderBudget budget = new RenderBudget(ToolOutput.outputLimits(limits));
        try {
            List<JsonNode> docs = new YamlDocuments("index.yaml of " + Redactor.redact(repoURL), budget).parse(bytes);
            if (docs.isEmpty() || docs.get(0) == null || !docs.get(0).isObject()) {
                throw new RepoException(Reason.INVALID_MANIFEST, "the index.yaml of " + Redactor.redact(repoURL)
                        + " is empty or not a mapping");
            }
            return docs.get(0);
        } catch (YamlDocuments.SyntaxError e) {
            throw new RepoException(Reason.INVALID_MANIFEST, e.getMessage());
        }
    }

    private static JsonNode find(JsonNode index, String repoURL, String chart, String wanted) {
        JsonNode versions = index.path("entries").path(chart);
        if (!versions.isArray() || versions.isEmpty()) {
            throw new RepoException(Reason.REVISION_NOT_FOUND, "chart '" + Redactor.printable(chart)
                    + "' is not in the Helm repository " + Redactor.redact(repoURL));
        }
        List<JsonNode> all = new ArrayList<>();
        versions.forEach(all::add);
        boolean latest = wanted == null || wanted.isEmpty() || wanted.equals("*") || wanted.equals("latest");
        if (!latest) {
            String exact = wanted.startsWith("v") ? wanted.substring(1) : wanted;
            return all.stream().filter(v -> v.path("version").asText().equals(wanted)
                    || v.path("version").asText().equals(exact)).findFirst()
                    .orElseThrow(() -> new RepoException(Reason.REVISION_NOT_FOUND, "chart '" + Redactor.printable(chart)
                            + "' has no version '" + Redactor.printable(wanted) + "' in " + Redactor.redact(repoURL)));
        }
        return all.stream().filter(v -> !v.path("version").asText().contains("-"))
                .max(Comparator.comparing(v -> v.path("version").asText(), HelmRepositoryChart::compareVersions))
                .orElseThrow(() -> new RepoException(Reason.REVISION_NOT_FOUND, "chart '" + Redactor.printable(chart)
                        + "' has no released version in " + Redactor.redact(repoURL)));
    }

    /** Numeric comparison of dotted versions (build metadata ignored). */
    static int compareVersions(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        int plus = v.indexOf('+');
        if (plus >= 0) {
            v = v.substring(0, plus);
        }
        return Arrays.stream(v.split("\\.")).mapToInt(s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }).toArray();
    }

    private static URI base(String repoURL) {
        if (repoURL == null || !(repoURL.startsWith("https://") || repoURL.startsWith("http://"))) {
            throw new RepoException(Reason.INVALID_URL, "a Helm repository URL must start with https:// or http://: '"
                    + Redactor.redact(String.valueOf(repoURL)) + "'");
        }
        io.sextant.repo.OutboundHosts.check(repoURL);
        try {
            return URI.create(repoURL.endsWith("/") ? repoURL : repoURL + "/");
        } catch (IllegalArgumentException e) {
            throw new RepoException(Reason.INVALID_URL, "'" + Redactor.redact(repoURL) + "' is not a valid URL");
        }
    }

    /**
     * The body of a 200 answer, at most {@code maxBytes}; any other status is an error (404: not found),
     * {@code hint} appended to it.
     */
    static byte[] body(HttpResponse<InputStream> response, URI uri, long maxBytes, String hint) throws IOException {
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new RepoException(response.statusCode() == 404 ? Reason.REVISION_NOT_FOUND : Reason.TRANSPORT,
                        "GET " + Redactor.redact(uri.toString()) + " answered " + response.statusCode() + hint);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new RepoException(Reason.LIMIT_EXCEEDED, Redactor.redact(uri.toString()) + " is larger than "
                        + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    private static byte[] get(URI uri, long maxBytes, RenderTools tools) {
        String scheme = uri.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new RepoException(Reason.INVALID_URL, "only http and https are followed, not " + Redactor.redact(uri.toString()));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(tools.timeout()).GET().build();
        try {
            return body(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()), uri, maxBytes, "");
        } catch (IOException e) {
            throw new RepoException(Reason.TRANSPORT, "cannot fetch " + Redactor.redact(uri.toString()) + ": "
                    + Redactor.redact(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepoException(Reason.TRANSPORT, "interrupted fetching " + Redactor.redact(uri.toString()));
        }
    }
}
