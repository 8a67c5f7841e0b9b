package io.sextant.repo.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.repo.OutboundHosts;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Charts stored in an OCI registry, as {@code helm push} stores them: {@code repoURL}
 * {@code oci://<registry>/<path>} and {@code chart} name the repository {@code <path>/<chart>}, whose
 * tag is the chart version ({@code +} written {@code _}, as Helm does). An exact version is pulled by
 * its tag; {@code *}, {@code latest} or an empty revision take the newest released version among the
 * tags. The manifest's Helm chart layer is fetched and checked against its sha256 digest. Registries
 * that answer 401 with a Bearer challenge get the anonymous token dance of the distribution spec;
 * credentials are not supported yet. https only, except for a registry on the loopback interface (a
 * local test registry), which is spoken to over http. Sizes and time are bounded as for chart
 * repositories. Stateless and thread-safe.
 */
final class OciChart {

    static final String SCHEME = "oci://";
    private static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    private static final String MANIFEST_TYPES =
            "application/vnd.oci.image.manifest.v1+json, " + "application/vnd.docker.distribution.manifest.v2+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*");

    private final URI registry;
    private final String repository;
    private final String shown;
    private final RenderTools tools;
    private volatile String token;

    private OciChart(URI registry, String repository, String shown, RenderTools tools) {
        this.registry = registry;
        this.repository = repository;
        this.shown = shown;
        this.tools = tools;
    }

    static boolean handles(String repoURL) {
        return repoURL != null && repoURL.startsWith(SCHEME);
    }

    /** The chart {@code chart} under {@code oci://registry/path}. */
    static OciChart of(String repoURL, String chart, RenderTools tools) {
        String rest = repoURL.substring(SCHEME.length());
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String repository = (path.isEmpty() ? "" : path + "/") + chart;
        if (host.isEmpty() || host.contains("@") || !NAME.matcher(repository).matches()) {
            throw new RepoException(
                    Reason.INVALID_URL,
                    "'" + Redactor.redact(repoURL) + "' with chart '"
                            + Redactor.printable(String.valueOf(chart)) + "' does not name an OCI repository: write "
                            + "oci://registry.example.com/path and the chart's name in lower case");
        }
        OutboundHosts.check(repoURL);
        String hostOnly = host.replaceFirst(":\\d+$", "");
        boolean loopback = hostOnly.equals("localhost") || hostOnly.equals("127.0.0.1") || hostOnly.equals("[::1]");
        URI registry;
        try {
            registry = URI.create((loopback ? "http://" : "https://") + host + "/");
        } catch (IllegalArgumentException e) {
            throw new RepoException(Reason.INVALID_URL, "'" + Redactor.redact(repoURL) + "' is not a valid URL");
        }
        return new OciChart(registry, repository, SCHEME + host + "/" + repository, tools);
    }

    /** The version {@code wanted} names: itself, or the newest released one among the tags. */
    String resolve(String wanted, RenderLimits limits) {
        boolean latest = wanted == null || wanted.isEmpty() || wanted.equals("*") || wanted.equals("latest");
        if (!latest) {
            return wanted;
        }
        JsonNode tags = json(get("v2/" + repository + "/tags/list", "application/json", limits.maxTotalBytes()));
        List<String> versions = new ArrayList<>();
        tags.path("tags").forEach(t -> versions.add(t.asText().replace('_', '+')));
        return versions.stream()
                .filter(v -> !v.contains("-") && Character.isDigit(v.isEmpty() ? 'x' : v.charAt(0)))
                .max(HelmRepositoryChart::compareVersions)
                .orElseThrow(
                        () -> new RepoException(Reason.REVISION_NOT_FOUND, shown + " has no released chart version"));
    }

    /** The chart archive of {@code version}, checked against the digest its manifest names. */
    byte[] download(String version, RenderLimits limits) {
        String tag = version.replace('+', '_');
        JsonNode manifest = json(get("v2/" + repository + "/manifests/" + tag, MANIFEST_TYPES, limits.maxTotalBytes()));
        String digest = null;
        for (JsonNode layer : manifest.path("layers")) {
            if (CHART_LAYER.equals(layer.path("mediaType").asText())) {
                digest = layer.path("digest").asText();
            }
        }
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new RepoException(
                    Reason.INVALID_MANIFEST,
                    shown + ":" + Redactor.printable(tag) + " is not a Helm chart (its manifest has no " + CHART_LAYER
                            + " layer)");
        }
        byte[] archive = get("v2/" + repository + "/blobs/" + digest, "*/*", limits.maxTotalBytes());
        String actual = "sha256:" + HexFormat.of().formatHex(sha256(archive));
        if (!actual.equals(digest)) {
            throw new RepoException(
                    Reason.INVALID_MANIFEST,
                    "the chart layer of " + shown + ":" + tag + " does not match its digest (" + digest + ", got "
                            + actual + ")");
        }
        return archive;
    }

    private byte[] get(String path, String accept, long maxBytes) {
        URI uri = registry.resolve(path);
        HttpResponse<InputStream> response = send(uri, accept);
        if (response.statusCode() == 401 && token == null) {
            close(response);
            token = anonymousToken(
                    response.headers().firstValue("WWW-Authenticate").orElse(""), maxBytes);
            response = send(uri, accept);
        }
        try {
            return HelmRepositoryChart.body(
                    response,
                    uri,
                    maxBytes,
                    response.statusCode() == 401 ? " (registries that need credentials are not supported yet)" : "");
        } catch (IOException e) {
            throw new RepoException(
                    Reason.TRANSPORT,
                    "cannot read " + Redactor.redact(uri.toString()) + ": "
                            + Redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    private HttpResponse<InputStream> send(URI uri, String accept) {
        try {
            return HelmRepositoryChart.fetch(uri, tools.timeout(), accept, token == null ? null : "Bearer " + token);
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

    /** The distribution spec's token endpoint, asked without credentials for the challenge's scope. */
    private String anonymousToken(String challenge, long maxBytes) {
        if (!challenge.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            throw new RepoException(
                    Reason.AUTHENTICATION,
                    shown + " needs credentials, which are not supported for " + "OCI registries yet");
        }
        Map<String, String> params = new HashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null
                || !(realm.startsWith("https://")
                        || (registry.getScheme().equals("http") && realm.startsWith("http://")))) {
            throw new RepoException(Reason.AUTHENTICATION, shown + " named no usable token realm");
        }
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        if (params.containsKey("service")) {
            url.append("service=")
                    .append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8))
                    .append('&');
        }
        url.append("scope=")
                .append(URLEncoder.encode(
                        params.getOrDefault("scope", "repository:" + repository + ":pull"), StandardCharsets.UTF_8));
        HttpResponse<InputStream> response = send(URI.create(url.toString()), "application/json");
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new RepoException(
                        Reason.AUTHENTICATION,
                        shown + ": the registry refused an anonymous token (" + response.statusCode()
                                + "); credentials are not supported for OCI registries yet");
            }
            JsonNode answer = json(in.readNBytes((int) Math.min(64 * 1024, maxBytes)));
            String t = answer.path("token").asText(answer.path("access_token").asText(""));
            if (t.isEmpty()) {
                throw new RepoException(Reason.AUTHENTICATION, shown + ": the token endpoint gave no token");
            }
            return t;
        } catch (IOException e) {
            throw new RepoException(Reason.TRANSPORT, shown + ": cannot read the token answer");
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // nothing was read from it; the connection is dropped either way
        }
    }

    private JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new RepoException(Reason.INVALID_MANIFEST, shown + " answered something that is not JSON");
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
