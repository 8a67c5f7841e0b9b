package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Server mode ({@code login HOST}): Argo's REST paths under {@code /api/v1} over HTTPS, or HTTP with
 * {@code --plaintext}; {@code --insecure} skips certificate checks. Sends the login token as
 * {@code Authorization: Bearer}. Error bodies {@code {"error","code","message"}} become the message shown.
 * Not thread-safe state-wise beyond what {@link HttpClient} is; one instance per command run.
 */
public final class ServerBackend implements Backend {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final String base;
    private final String token;
    private final HttpClient http;

    public ServerBackend(String host, boolean plaintext, boolean insecure, String token) {
        this.host = host;
        this.base = (host.startsWith("http://") || host.startsWith("https://")) ? stripSlash(host)
                : (plaintext ? "http://" : "https://") + stripSlash(host);
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (insecure) {
            // The JDK client checks host names apart from the trust manager; --insecure means neither.
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
            builder.sslContext(trustAll());
        } else if (base.startsWith("http://")) {
            // Plain HTTP never uses TLS, but the client builds the default TLS context (reading the
            // trust store) unless given one: an unused, uninitialised context saves ~0.1 s of start-up.
            try {
                builder.sslContext(SSLContext.getInstance("TLS")).sslParameters(new javax.net.ssl.SSLParameters());
            } catch (java.security.NoSuchAlgorithmException e) {
                // keep the default
            }
        }
        this.http = builder.build();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@code POST /api/v1/session}: the token, or null when the server has no session endpoint (no auth). */
    public String login(String username, String password) {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        HttpResponse<String> r = send("POST", "/api/v1/session", body, null);
        if (r.statusCode() == 404) {
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
        HttpResponse<String> r = send("DELETE", "/api/v1/session", null, token);
        if (r.statusCode() != 404 && r.statusCode() != 401) {
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

    @Override
    public JsonNode get(String name, String refresh) {
        return call("GET", app(name) + (refresh == null ? "" : "?refresh=" + enc(refresh)), null);
    }

    @Override
    public JsonNode create(JsonNode application, boolean upsert) {
        return call("POST", "/api/v1/applications?upsert=" + upsert, application);
    }

    @Override
    public JsonNode updateSpec(String name, JsonNode spec) {
        return call("PUT", app(name) + "/spec", spec);
    }

    @Override
    public void delete(String name, boolean cascade) {
        call("DELETE", app(name) + "?cascade=" + cascade, null);
    }

    @Override
    public JsonNode sync(String name, String revision, boolean prune, boolean dryRun, List<SyncResource> resources) {
        ObjectNode body = JSON.createObjectNode().put("prune", prune).put("dryRun", dryRun);
        if (revision != null) {
            body.put("revision", revision);
        }
        if (!resources.isEmpty()) {
            ArrayNode list = body.putArray("resources");
            for (SyncResource r : resources) {
                ObjectNode o = list.addObject().put("group", r.group()).put("kind", r.kind()).put("name", r.name());
                if (r.namespace() != null) {
                    o.put("namespace", r.namespace());
                }
            }
        }
        return call("POST", app(name) + "/sync", body);
    }

    @Override
    public JsonNode rollback(String name, long id, boolean prune, boolean dryRun) {
        return call("POST", app(name) + "/rollback", JSON.createObjectNode().put("id", id).put("prune", prune)
                .put("dryRun", dryRun));
    }

    @Override
    public void terminateOperation(String name) {
        call("DELETE", app(name) + "/operation", null);
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
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        body.set("project", project);
        body.put("upsert", upsert);
        return call("POST", "/api/v1/projects", body);
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
    public JsonNode manifests(String name, String revision) {
        return call("GET", app(name) + "/manifests" + (revision == null ? "" : "?revision=" + enc(revision)), null);
    }

    @Override
    public JsonNode managedResources(String name) {
        return call("GET", app(name) + "/managed-resources", null);
    }

    @Override
    public JsonNode serverVersion() {
        return call("GET", "/api/version", null);
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its threads are daemons.
    }

    private static String app(String name) {
        return "/api/v1/applications/" + enc(name);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, JsonNode body) {
        return check(send(method, path, body, token));
    }

    private HttpResponse<String> send(String method, String path, JsonNode body, String bearer) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (bearer != null && !bearer.isBlank()) {
            req.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            req.header("Content-Type", "application/json");
            req.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else if ("POST".equals(method) || "PUT".equals(method)) {
            req.header("Content-Type", "application/json");
            req.method(method, HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("cannot reach the Sextant server at " + host + ": connection refused");
        } catch (HttpTimeoutException e) {
            throw new CliException("the Sextant server at " + host + " did not answer in time");
        } catch (javax.net.ssl.SSLException e) {
            throw new CliException("TLS to the Sextant server at " + host + " failed: " + e.getMessage()
                    + " (use --plaintext for a server without TLS, --insecure to skip certificate checks)");
        } catch (IOException e) {
            throw new CliException("cannot reach the Sextant server at " + host + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid server address '" + host + "': " + e.getMessage());
        }
    }

    private JsonNode check(HttpResponse<String> r) {
        JsonNode answer;
        try {
            answer = r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            answer = null;
        }
        if (r.statusCode() / 100 == 2 && answer != null) {
            return answer;
        }
        String message = answer != null && answer.hasNonNull("message") ? answer.get("message").asText()
                : answer != null && answer.hasNonNull("error") ? answer.get("error").asText()
                : "HTTP " + r.statusCode() + " from " + r.uri();
        if (r.statusCode() == 401) {
            message = message + " (log in again: sextant login " + host + ")";
        }
        throw new CliException(message);
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
