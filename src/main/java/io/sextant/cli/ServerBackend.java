package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Server mode ({@code login HOST}): Argo's REST paths under {@code /api/v1} over HTTPS, or HTTP with
 * {@code --plaintext}; {@code --insecure} skips certificate and host name checks. Sends the login token as
 * {@code Authorization: Bearer}. Error bodies {@code {"error","code","message"}} become the message shown.
 * One instance per command run.
 *
 * <p>Requests go through {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: a command makes one
 * or a few sequential HTTP/1.1 calls, and the newer client's set-up (selector thread, its own TLS context,
 * some 300 classes) was a third of {@code app list}'s start-up.
 */
public final class ServerBackend implements Backend {

    static {
        // HttpURLConnection sends a POST again when the connection drops before the answer; a sync or a
        // create must not be sent twice behind the user's back (HttpClient never resent a POST either).
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private final String host;
    private final String base;
    private final String token;
    /** For {@code --insecure} over HTTPS: a socket factory trusting any certificate; null otherwise. */
    private final SSLSocketFactory trustAll;

    public ServerBackend(String host, boolean plaintext, boolean insecure, String token) {
        this.host = host;
        this.base = (host.startsWith("http://") || host.startsWith("https://"))
                ? stripSlash(host)
                : (plaintext ? "http://" : "https://") + stripSlash(host);
        this.token = token;
        this.trustAll = insecure && base.startsWith("https://") ? trustAll() : null;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@code POST /api/v1/session}: the token, or null when the server has no session endpoint (no auth). */
    public String login(String username, String password) {
        ObjectNode body =
                Json.mapper().createObjectNode().put("username", username).put("password", password);
        Answer r = send("POST", "/api/v1/session", body, null);
        if (r.status() == 404) {
            return null;
        }
        JsonNode answer = check(r);
        String t = answer.path("token").asText(null);
        if (t == null || t.isBlank()) {
            throw new CliException("the server at " + host + " answered the login without a token");
        }
        return t;
    }

    /** {@code GET /api/v1/settings}: the public settings (SSO provider, for {@code login --sso}). */
    public JsonNode settings() {
        return call("GET", "/api/v1/settings", null);
    }

    /** {@code DELETE /api/v1/session}, ignoring a server without it. */
    public void logout() {
        Answer r = send("DELETE", "/api/v1/session", null, token);
        if (r.status() != 404 && r.status() != 401) {
            check(r);
        }
    }

    @Override
    public List<JsonNode> list() {
        JsonNode items = call("GET", "/api/v1/applications", null).path("items");
        List<JsonNode> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }

    /**
     * Only the fields the table reads ({@code fields=}): at 10,000 apps the whole list is 38 MB and the
     * trimmed one under 5 MB, most of {@code app list}'s time.
     */
    @Override
    public List<JsonNode> listForTable() {
        JsonNode items = call("GET", "/api/v1/applications?fields=" + enc(TABLE_FIELDS), null)
                .path("items");
        List<JsonNode> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }

    static final String TABLE_FIELDS = "items.metadata.name,items.metadata.namespace,items.spec,"
            + "items.status.sync.status,items.status.health.status,items.status.conditions";

    @Override
    public JsonNode get(String name, String refresh) {
        return call("GET", app(name, "", refresh == null ? null : "refresh=" + enc(refresh)), null);
    }

    @Override
    public JsonNode create(JsonNode application, boolean upsert) {
        return call("POST", "/api/v1/applications?upsert=" + upsert, application);
    }

    @Override
    public JsonNode updateSpec(String name, JsonNode spec) {
        return call("PUT", app(name, "/spec", null), spec);
    }

    @Override
    public void delete(String name, boolean cascade) {
        call("DELETE", app(name, "", "cascade=" + cascade), null);
    }

    @Override
    public JsonNode sync(String name, String revision, boolean prune, boolean dryRun, List<SyncResource> resources) {
        ObjectNode body = Json.mapper().createObjectNode().put("prune", prune).put("dryRun", dryRun);
        if (revision != null) {
            body.put("revision", revision);
        }
        if (!resources.isEmpty()) {
            ArrayNode list = body.putArray("resources");
            for (SyncResource r : resources) {
                ObjectNode o = list.addObject()
                        .put("group", r.group())
                        .put("kind", r.kind())
                        .put("name", r.name());
                if (r.namespace() != null) {
                    o.put("namespace", r.namespace());
                }
            }
        }
        return call("POST", app(name, "/sync", null), body);
    }

    @Override
    public JsonNode rollback(String name, long id, boolean prune, boolean dryRun) {
        return call(
                "POST",
                app(name, "/rollback", null),
                Json.mapper()
                        .createObjectNode()
                        .put("id", id)
                        .put("prune", prune)
                        .put("dryRun", dryRun));
    }

    @Override
    public void terminateOperation(String name) {
        call("DELETE", app(name, "/operation", null), null);
    }

    @Override
    public List<JsonNode> projects() {
        List<JsonNode> out = new ArrayList<>();
        call("GET", "/api/v1/projects", null).path("items").forEach(out::add);
        return out;
    }

    @Override
    public List<JsonNode> repositories() {
        List<JsonNode> out = new ArrayList<>();
        call("GET", "/api/v1/repositories", null).path("items").forEach(out::add);
        return out;
    }

    @Override
    public JsonNode project(String name) {
        return call("GET", "/api/v1/projects/" + enc(name), null);
    }

    @Override
    public JsonNode createProject(JsonNode project, boolean upsert) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("project", project);
        body.put("upsert", upsert);
        return call("POST", "/api/v1/projects", body);
    }

    @Override
    public List<JsonNode> appSets() {
        List<JsonNode> out = new ArrayList<>();
        call("GET", "/api/v1/applicationsets", null).path("items").forEach(out::add);
        return out;
    }

    @Override
    public JsonNode appSet(String name) {
        return call("GET", "/api/v1/applicationsets/" + enc(name), null);
    }

    @Override
    public JsonNode createAppSet(JsonNode set, boolean upsert) {
        return call("POST", "/api/v1/applicationsets" + (upsert ? "?upsert=true" : ""), set);
    }

    @Override
    public void deleteAppSet(String name) {
        call("DELETE", "/api/v1/applicationsets/" + enc(name), null);
    }

    @Override
    public List<JsonNode> generateAppSet(JsonNode set) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("applicationSet", set);
        List<JsonNode> out = new ArrayList<>();
        call("POST", "/api/v1/applicationsets/generate", body)
                .path("applications")
                .forEach(out::add);
        return out;
    }

    @Override
    public JsonNode addRepository(JsonNode request, boolean upsert) {
        return call("POST", "/api/v1/repositories" + (upsert ? "?upsert=true" : ""), request);
    }

    @Override
    public List<JsonNode> clusters() {
        List<JsonNode> out = new ArrayList<>();
        call("GET", "/api/v1/clusters", null).path("items").forEach(out::add);
        return out;
    }

    @Override
    public JsonNode cluster(String serverOrName) {
        return call("GET", "/api/v1/clusters/" + enc(serverOrName), null);
    }

    @Override
    public JsonNode addCluster(JsonNode cluster, boolean upsert) {
        return call("POST", "/api/v1/clusters" + (upsert ? "?upsert=true" : ""), cluster);
    }

    @Override
    public JsonNode renameCluster(String serverOrName, String name) {
        return call(
                "PUT",
                "/api/v1/clusters/" + enc(serverOrName) + "?updatedFields=name",
                Json.mapper().createObjectNode().put("name", name));
    }

    @Override
    public void removeCluster(String serverOrName) {
        call("DELETE", "/api/v1/clusters/" + enc(serverOrName), null);
    }

    @Override
    public JsonNode manifests(String name, String revision) {
        return call("GET", app(name, "/manifests", revision == null ? null : "revision=" + enc(revision)), null);
    }

    @Override
    public JsonNode managedResources(String name) {
        return call("GET", app(name, "/managed-resources", null), null);
    }

    @Override
    public JsonNode serverVersion() {
        return call("GET", "/api/version", null);
    }

    @Override
    public void close() {
        // nothing held: each request opens (or reuses, by the JDK's keep-alive cache) its own connection
    }

    /**
     * The API path of an app: {@code name}, or {@code namespace/name} (Argo CD's CLI form for an app outside
     * the control-plane namespace), sent as the name and {@code appNamespace}.
     */
    private static String app(String name, String suffix, String query) {
        int slash = name.indexOf('/');
        String params = slash < 0
                ? query
                : "appNamespace=" + enc(name.substring(0, slash)) + (query == null ? "" : "&" + query);
        return "/api/v1/applications/" + enc(name.substring(slash + 1)) + suffix + (params == null ? "" : "?" + params);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, JsonNode body) {
        return check(send(method, path, body, token));
    }

    /** A response: its status, its body ("" when none) and the URI asked, for messages. */
    private record Answer(int status, String body, String uri) {}

    private Answer send(String method, String path, JsonNode body, String bearer) {
        URL url;
        try {
            url = URI.create(base + path).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new CliException("invalid server address '" + host + "': " + e.getMessage());
        }
        String payload;
        try {
            payload = body != null
                    ? Json.mapper().writeValueAsString(body)
                    : "POST".equals(method) || "PUT".equals(method) ? "{}" : null;
        } catch (IOException e) {
            throw new CliException("cannot write the request to " + path + ": " + e.getMessage());
        }
        try {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            if (trustAll != null && c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(trustAll);
                https.setHostnameVerifier((name, session) -> true);
            }
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            c.setInstanceFollowRedirects(false);
            c.setRequestMethod(method);
            c.setRequestProperty("Accept", "application/json");
            if (bearer != null && !bearer.isBlank()) {
                c.setRequestProperty("Authorization", "Bearer " + bearer);
            }
            if (!"GET".equals(method)) {
                // The server (as Argo CD) refuses a state-changing call that does not say it is JSON.
                c.setRequestProperty("Content-Type", "application/json");
            }
            if (payload != null) {
                // Buffered, not streamed: a 401 is then an answer to read, not an HttpRetryException.
                c.setDoOutput(true);
                try (OutputStream o = c.getOutputStream()) {
                    o.write(payload.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = "";
            if (in != null) {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Answer(status, text, url.toString());
        } catch (ConnectException e) {
            throw new CliException("cannot reach the Sextant server at " + host + ": connection refused");
        } catch (SocketTimeoutException e) {
            throw new CliException("the Sextant server at " + host + " did not answer in time");
        } catch (SSLException e) {
            throw new CliException("TLS to the Sextant server at " + host + " failed: " + e.getMessage()
                    + " (use --plaintext for a server without TLS, --insecure to skip certificate checks)");
        } catch (IOException e) {
            throw new CliException("cannot reach the Sextant server at " + host + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // A header the JDK refuses: the message would quote it, and the token is one of them.
            throw new CliException(
                    "the stored login for " + host + " is malformed: log in again (sextant login " + host + ")");
        }
    }

    private JsonNode check(Answer r) {
        JsonNode answer;
        try {
            answer = r.body().isBlank() ? JsonNodeFactory.instance.objectNode() : Json.parse(r.body());
        } catch (IOException e) {
            answer = null;
        }
        if (r.status() / 100 == 2 && answer != null) {
            return answer;
        }
        String message = answer != null && answer.hasNonNull("message")
                ? answer.get("message").asText()
                : answer != null && answer.hasNonNull("error")
                        ? answer.get("error").asText()
                        : "HTTP " + r.status() + " from " + r.uri();
        if (r.status() == 401) {
            message = message + " (log in again: sextant login " + host + ")";
        }
        throw new CliException(message);
    }

    private static SSLSocketFactory trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    new SecureRandom());
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
