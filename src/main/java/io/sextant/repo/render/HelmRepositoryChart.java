package io.sextant.repo.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.repo.OutboundHosts;
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
import java.util.Optional;

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

    /**
     * Shared with {@link OciChart}: http(s), a connect timeout, every connection's host checked. Redirects are
     * followed by {@link #fetch}, not by the client: the JDK's client keeps the first hop's proxy decision
     * for the others, so it would connect to a redirect's host unchecked, and it resends every header.
     */
    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .proxy(OutboundHosts.guardedSelector())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    static final int MAX_REDIRECTS = 10;

    private HelmRepositoryChart() {}

    /** The chart version {@code targetRevision} names in the repository's index. */
    public static String resolve(
            String repoURL, String chart, String targetRevision, RenderLimits limits, RenderTools tools) {
        if (OciChart.handles(repoURL)) {
            return OciChart.of(repoURL, chart, tools).resolve(targetRevision, limits);
        }
        return find(index(repoURL, limits, tools), repoURL, chart, targetRevision)
                .path("version")
                .asText();
    }

    /** The chart archive of {@code version}, read with the render's byte limit. */
    static byte[] download(String repoURL, String chart, String version, RenderLimits limits, RenderTools tools) {
        if (OciChart.handles(repoURL)) {
            return OciChart.of(repoURL, chart, tools).download(version, limits);
        }
        JsonNode entry = find(index(repoURL, limits, tools), repoURL, chart, version);
        JsonNode urls = entry.path("urls");
        if (!urls.isArray() || urls.isEmpty() || !urls.get(0).isTextual()) {
            throw new RepoException(
                    Reason.INVALID_MANIFEST,
                    "the index of " + Redactor.redact(repoURL) + " lists no archive URL for " + chart + " " + version);
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
                throw new RepoException(
                        Reason.INVALID_MANIFEST,
                        "the index.yaml of " + Redactor.redact(repoURL) + " is empty or not a mapping");
            }
            return docs.get(0);
        } catch (YamlDocuments.SyntaxError e) {
            throw new RepoException(Reason.INVALID_MANIFEST, e.getMessage());
        }
    }

    private static JsonNode find(JsonNode index, String repoURL, String chart, String wanted) {
        JsonNode versions = index.path("entries").path(chart);
        if (!versions.isArray() || versions.isEmpty()) {
            throw new RepoException(
                    Reason.REVISION_NOT_FOUND,
                    "chart '" + Redactor.printable(chart) + "' is not in the Helm repository "
                            + Redactor.redact(repoURL));
        }
        List<JsonNode> all = new ArrayList<>();
        versions.forEach(all::add);
        boolean latest = wanted == null || wanted.isEmpty() || wanted.equals("*") || wanted.equals("latest");
        if (!latest) {
            String exact = wanted.startsWith("v") ? wanted.substring(1) : wanted;
            return all.stream()
                    .filter(v -> v.path("version").asText().equals(wanted)
                            || v.path("version").asText().equals(exact))
                    .findFirst()
                    .orElseThrow(() -> new RepoException(
                            Reason.REVISION_NOT_FOUND,
                            "chart '" + Redactor.printable(chart) + "' has no version '" + Redactor.printable(wanted)
                                    + "' in " + Redactor.redact(repoURL)));
        }
        return all.stream()
                .filter(v -> !v.path("version").asText().contains("-"))
                .max(Comparator.comparing(v -> v.path("version").asText(), HelmRepositoryChart::compareVersions))
                .orElseThrow(() -> new RepoException(
                        Reason.REVISION_NOT_FOUND,
                        "chart '" + Redactor.printable(chart) + "' has no released version in "
                                + Redactor.redact(repoURL)));
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
        return Arrays.stream(v.split("\\."))
                .mapToInt(s -> {
                    try {
                        return Integer.parseInt(s);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                })
                .toArray();
    }

    private static URI base(String repoURL) {
        if (repoURL == null || !(repoURL.startsWith("https://") || repoURL.startsWith("http://"))) {
            throw new RepoException(
                    Reason.INVALID_URL,
                    "a Helm repository URL must start with https:// or http://: '"
                            + Redactor.redact(String.valueOf(repoURL)) + "'");
        }
        OutboundHosts.check(repoURL);
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
                throw new RepoException(
                        response.statusCode() == 404 ? Reason.REVISION_NOT_FOUND : Reason.TRANSPORT,
                        "GET " + Redactor.redact(uri.toString()) + " answered " + response.statusCode() + hint);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new RepoException(
                        Reason.LIMIT_EXCEEDED,
                        Redactor.redact(uri.toString()) + " is larger than " + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    /**
     * GET {@code first}, following up to {@link #MAX_REDIRECTS} redirects, each hop's host checked by
     * {@link io.sextant.repo.OutboundHosts} before it is asked; never from https down to http.
     * {@code authorization} goes only to the scheme, host and port of {@code first} (a registry's blob
     * redirect to a storage host gets no token).
     */
    static HttpResponse<InputStream> fetch(URI first, Duration timeout, String accept, String authorization)
            throws IOException, InterruptedException {
        URI uri = first;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).timeout(timeout).GET();
            if (accept != null) {
                request.header("Accept", accept);
            }
            if (authorization != null && sameOrigin(uri, first)) {
                request.header("Authorization", authorization);
            }
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (!(status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                    || location.isEmpty()) {
                return response;
            }
            response.body().close();
            if (hop + 1 > MAX_REDIRECTS) {
                throw new RepoException(
                        Reason.TRANSPORT,
                        "GET " + Redactor.redact(first.toString()) + ": more than " + MAX_REDIRECTS + " redirects");
            }
            URI next;
            try {
                next = uri.resolve(location.get().trim());
            } catch (IllegalArgumentException e) {
                throw new RepoException(
                        Reason.TRANSPORT, "GET " + Redactor.redact(uri.toString()) + " redirected to an invalid URL");
            }
            if (!"https".equals(next.getScheme())
                    && !("http".equals(next.getScheme()) && "http".equals(uri.getScheme()))) {
                throw new RepoException(
                        Reason.TRANSPORT,
                        "GET " + Redactor.redact(uri.toString()) + " redirected to " + Redactor.redact(next.toString())
                                + ": only https, or http from http, is followed");
            }
            OutboundHosts.check(next.toString());
            uri = next;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static byte[] get(URI uri, long maxBytes, RenderTools tools) {
        String scheme = uri.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new RepoException(
                    Reason.INVALID_URL, "only http and https are followed, not " + Redactor.redact(uri.toString()));
        }
        try {
            return body(fetch(uri, tools.timeout(), null, null), uri, maxBytes, "");
        } catch (IOException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot fetch " + Redactor.redact(uri.toString()) + ": "
                            + Redactor.redact(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepoException(Reason.TRANSPORT, "interrupted fetching " + Redactor.redact(uri.toString()));
        }
    }
}
