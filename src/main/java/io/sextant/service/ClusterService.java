package io.sextant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.auth.RbacPolicy;
import io.sextant.config.SextantConfig;
import io.sextant.kube.ApiServerWatch;
import io.sextant.kube.ClusterClients;
import io.sextant.kube.ClusterSecret;
import io.sextant.model.ConnectionStatus;
import io.sextant.repo.git.CredentialsResolver;
import io.sextant.sync.KnownClusters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clusters Applications can deploy to, as Argo CD lists them: the cluster Sextant runs against,
 * always there as {@code in-cluster} at {@code https://kubernetes.default.svc}, and one per Secret
 * labelled {@code argocd.argoproj.io/secret-type: cluster}. The Secrets' {@code config} (tokens,
 * keys) is never returned.
 */
@ApplicationScoped
public class ClusterService {

    public static final String IN_CLUSTER_SERVER = "https://kubernetes.default.svc";
    public static final String IN_CLUSTER_NAME = "in-cluster";

    private final KubernetesClient client;
    private final SextantConfig config;
    private volatile String serverVersion;
    private final Authorizer authorizer;

    @Inject
    public ClusterService(KubernetesClient client, SextantConfig config, Authorizer authorizer) {
        this.client = client;
        this.config = config;
        this.authorizer = authorizer;
    }

    /** Without RBAC (the CLI's core mode). */
    public ClusterService(KubernetesClient client, SextantConfig config) {
        this(client, config, Authorizer.open());
    }

    private volatile ClusterNames names;
    private volatile long namesAt;

    /**
     * The names of the clusters of the cluster Secrets, for pages that show and filter apps by cluster: one
     * list call at most every 2 s however many pages ask (an Applications page with live tiles asks often).
     */
    public ClusterNames names() {
        long now = System.nanoTime();
        ClusterNames known = names;
        if (known != null && (now - namesAt < 2_000_000_000L || ApiServerWatch.down())) {
            return known;
        }
        try {
            Map<String, String> byServer = new HashMap<>();
            for (Secret s : client.secrets()
                    .inNamespace(config.namespace())
                    .withLabel(CredentialsResolver.SECRET_TYPE_LABEL, "cluster")
                    .list()
                    .getItems()) {
                String server = field(s, "server").strip().replaceAll("/+$", "");
                String name = field(s, "name").strip();
                if (!server.isEmpty() && !name.isEmpty()) {
                    byServer.putIfAbsent(server, name);
                }
            }
            known = new ClusterNames(byServer);
        } catch (KubernetesClientException e) {
            // Names are a convenience: without them the pages show servers, as for unknown clusters.
            known = known == null ? ClusterNames.IN_CLUSTER_ONLY : known;
        }
        names = known;
        namesAt = now;
        return known;
    }

    /** Argo's ClusterList. */
    public ObjectNode list() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putObject("metadata");
        ArrayNode items = out.putArray("items");
        List<ObjectNode> clusters = clusters().stream()
                .filter(c -> authorizer.can(
                        RbacPolicy.CLUSTERS, "get", c.path("server").asText()))
                .toList();
        clusters.forEach(items::add);
        return out;
    }

    /** One cluster by server URL or by name. */
    public ObjectNode get(String serverOrName) {
        return clusters().stream()
                .filter(c -> authorizer.can(
                        RbacPolicy.CLUSTERS, "get", c.path("server").asText()))
                .filter(c -> c.path("server").asText().equals(serverOrName)
                        || c.path("name").asText().equals(serverOrName))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("cluster '" + serverOrName + "' not found"));
    }

    /**
     * Adds a cluster as Argo CD's {@code POST /api/v1/clusters} does: {@code request} holds Argo's Cluster
     * fields ({@code server}, {@code name}, {@code config}, {@code namespaces}, {@code clusterResources},
     * {@code project}); the Secret it makes is checked ({@link ClusterSecret#parse}) and the connection tested
     * with its credentials before anything is stored. An existing cluster of that server with other settings
     * is refused unless {@code upsert}.
     */
    public ObjectNode create(JsonNode request, boolean upsert) {
        String server = request.path("server").asText("").strip();
        if (server.isEmpty()) {
            throw new IllegalArgumentException("server is missing: the cluster's API server URL");
        }
        if (IN_CLUSTER_SERVER.equals(server)
                || IN_CLUSTER_NAME.equals(request.path("name").asText())) {
            throw new IllegalArgumentException(
                    "in-cluster (" + IN_CLUSTER_SERVER + ") is built in: it cannot be added");
        }
        authorizer.check(RbacPolicy.CLUSTERS, "create", server);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("server", server);
        putIfSet(data, "name", request.path("name").asText(""));
        if (request.path("namespaces").isArray() && !request.path("namespaces").isEmpty()) {
            List<String> ns = new ArrayList<>();
            request.path("namespaces").forEach(n -> ns.add(n.asText()));
            data.put("namespaces", String.join(",", ns));
        }
        if (request.path("clusterResources").asBoolean(false)) {
            data.put("clusterResources", "true");
        }
        putIfSet(data, "project", request.path("project").asText(""));
        data.put(
                "config",
                request.path("config").isObject() ? request.path("config").toString() : "{}");
        Optional<Secret> existing = find(server);
        String secretName = existing.map(x -> x.getMetadata().getName()).orElse(secretName(server));
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(secretName)
                .withNamespace(config.namespace())
                .addToLabels(CredentialsResolver.SECRET_TYPE_LABEL, "cluster")
                .addToLabels("app.kubernetes.io/part-of", "sextant")
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build();
        ClusterSecret parsed = ClusterSecret.parse(secret); // Invalid is an IllegalArgumentException: 400
        if (existing.isPresent() && !upsert) {
            if (data.equals(stringData(existing.get()))) {
                return view(existing.get());
            }
            throw new OperationRefusedException("existing cluster spec is different; use upsert flag to force update");
        }
        if (existing.isPresent()) {
            authorizer.check(RbacPolicy.CLUSTERS, "update", server);
        }
        ClusterClients.Probe probe = ClusterClients.probe(parsed, PROBE_TIMEOUT);
        if (!probe.ok()) {
            throw new OperationRefusedException("cluster " + server + " was not added: " + probe.message());
        }
        Secret stored = existing.isPresent()
                ? client.resource(secret).update()
                : client.resource(secret).create();
        return view(stored);
    }

    /** Removes the cluster Secret of a server or name (Argo's {@code DELETE /api/v1/clusters/{server}}). */
    public void delete(String serverOrName) {
        Secret s = secretOf(serverOrName);
        authorizer.check(RbacPolicy.CLUSTERS, "delete", field(s, "server"));
        client.resource(s).delete();
    }

    /** Renames a cluster (Argo's {@code PUT /api/v1/clusters/{server}?updatedFields=name}). */
    public ObjectNode rename(String serverOrName, String name) {
        if (name == null || name.isBlank() || IN_CLUSTER_NAME.equals(name)) {
            throw new IllegalArgumentException("a cluster name must be given, and not " + IN_CLUSTER_NAME);
        }
        Secret s = secretOf(serverOrName);
        authorizer.check(RbacPolicy.CLUSTERS, "update", field(s, "server"));
        Map<String, String> data = stringData(s);
        data.put("name", name.strip());
        s.setData(null);
        s.setStringData(data);
        return view(client.resource(s).update());
    }

    private Secret secretOf(String serverOrName) {
        if (IN_CLUSTER_SERVER.equals(serverOrName) || IN_CLUSTER_NAME.equals(serverOrName)) {
            throw new IllegalArgumentException("in-cluster is built in: it cannot be removed or renamed");
        }
        return clusterSecrets().stream()
                .filter(s -> serverOrName.equals(field(s, "server")) || serverOrName.equals(field(s, "name")))
                .filter(s -> authorizer.can(RbacPolicy.CLUSTERS, "get", field(s, "server")))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("cluster '" + serverOrName + "' not found"));
    }

    private Optional<Secret> find(String server) {
        return clusterSecrets().stream()
                .filter(s -> server.equals(field(s, "server")))
                .findFirst();
    }

    private List<Secret> clusterSecrets() {
        return client.secrets()
                .inNamespace(config.namespace())
                .withLabel(CredentialsResolver.SECRET_TYPE_LABEL, "cluster")
                .list()
                .getItems();
    }

    private static Map<String, String> stringData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : List.of("server", "name", "namespaces", "clusterResources", "project", "config")) {
            String v = field(s, k);
            if (!v.isEmpty()) {
                out.put(k, v);
            }
        }
        return out;
    }

    private static void putIfSet(Map<String, String> data, String key, String value) {
        if (value != null && !value.isBlank()) {
            data.put(key, value.strip());
        }
    }

    /** The clusters of the cluster Secrets now, by name and server (one list call). */
    public static KnownClusters known(KubernetesClient client, String namespace) {
        List<Secret> secrets = client.secrets()
                .inNamespace(namespace)
                .withLabel(CredentialsResolver.SECRET_TYPE_LABEL, "cluster")
                .list()
                .getItems();
        Map<String, String> serverByName = new HashMap<>();
        Map<String, String> nameByServer = new HashMap<>();
        Map<String, String> projectByServer = new HashMap<>();
        for (Secret s : secrets) {
            String server = field(s, "server").strip().replaceAll("/+$", "");
            if (server.isEmpty()) {
                continue;
            }
            String name = field(s, "name").strip();
            nameByServer.putIfAbsent(server, name.isEmpty() ? server : name);
            if (!field(s, "project").isBlank()) {
                projectByServer.putIfAbsent(server, field(s, "project").strip());
            }
            if (!name.isEmpty()) {
                serverByName.putIfAbsent(name, server);
            }
        }
        return new KnownClusters() {
            @Override
            public Optional<String> serverOf(String name) {
                return Optional.ofNullable(name == null ? null : serverByName.get(name));
            }

            @Override
            public Optional<String> projectOf(String server) {
                return Optional.ofNullable(
                        server == null
                                ? null
                                : projectByServer.get(server.strip().replaceAll("/+$", "")));
            }

            @Override
            public Optional<String> nameOf(String server) {
                return Optional.ofNullable(
                        server == null ? null : nameByServer.get(server.strip().replaceAll("/+$", "")));
            }
        };
    }

    /** Argo CD's naming: {@code cluster-<host>-<hash of the server URL>}. */
    static String secretName(String server) {
        String host;
        try {
            host = URI.create(server).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        String h = host == null ? "cluster" : host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(server.getBytes(StandardCharsets.UTF_8));
            String name = "cluster-" + h + "-" + HexFormat.of().formatHex(digest, 0, 4);
            return name.length() > 253 ? name.substring(0, 253) : name;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ObjectNode> clusters() {
        List<ObjectNode> out = new ArrayList<>();
        out.add(inCluster());
        client
                .secrets()
                .inNamespace(config.namespace())
                .withLabel(CredentialsResolver.SECRET_TYPE_LABEL, "cluster")
                .list()
                .getItems()
                .stream()
                .map(this::view)
                .filter(c -> !c.path("server").asText().isEmpty())
                .filter(c -> !IN_CLUSTER_SERVER.equals(c.path("server").asText()))
                .sorted(Comparator.comparing(c -> c.path("name").asText()))
                .forEach(out::add);
        return out;
    }

    private ObjectNode inCluster() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("server", IN_CLUSTER_SERVER);
        c.put("name", IN_CLUSTER_NAME);
        String version = version();
        ObjectNode state = c.putObject("connectionState");
        state.put("status", (version == null ? ConnectionStatus.UNKNOWN : ConnectionStatus.SUCCESSFUL).code());
        ObjectNode info = c.putObject("info");
        info.set("connectionState", state.deepCopy());
        if (version != null) {
            c.put("serverVersion", version);
            info.put("serverVersion", version);
        }
        return c;
    }

    private String version() {
        if (serverVersion == null) {
            try {
                var v = client.getKubernetesVersion();
                serverVersion = v.getMajor() + "." + v.getMinor().replaceAll("[^0-9]", "");
            } catch (RuntimeException e) {
                return null;
            }
        }
        return serverVersion;
    }

    /**
     * A cluster Secret as Argo CD's API shows it, with its connection state: the Secret checked
     * ({@link ClusterSecret#parse}: Failed with what to fix) and, when it is usable, a connection test with its
     * credentials (Successful with the server's version, or Failed with why), kept {@link #PROBE_TTL}.
     */
    private ObjectNode view(Secret s) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("server", field(s, "server"));
        c.put("name", field(s, "name").isEmpty() ? field(s, "server") : field(s, "name"));
        if (!field(s, "namespaces").isEmpty()) {
            ArrayNode namespaces = c.putArray("namespaces");
            for (String ns : field(s, "namespaces").split(",")) {
                if (!ns.isBlank()) {
                    namespaces.add(ns.trim());
                }
            }
        }
        if (!field(s, "project").isEmpty()) {
            c.put("project", field(s, "project"));
        }
        ClusterClients.Probe probe = probe(s);
        ObjectNode state = c.putObject("connectionState");
        state.put("status", (probe.ok() ? ConnectionStatus.SUCCESSFUL : ConnectionStatus.FAILED).code());
        state.put("message", probe.message());
        ObjectNode info = c.putObject("info");
        info.set("connectionState", state.deepCopy());
        if (probe.serverVersion() != null) {
            c.put("serverVersion", probe.serverVersion());
            info.put("serverVersion", probe.serverVersion());
        }
        return c;
    }

    /** How long a connection test's answer is shown before the cluster is tried again. */
    static final Duration PROBE_TTL = Duration.ofSeconds(10);

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private final Map<String, TimedProbe> probes = new ConcurrentHashMap<>();

    private record TimedProbe(long atNanos, ClusterClients.Probe probe) {}

    private ClusterClients.Probe probe(Secret s) {
        // Keyed by the Secret's version: an edited Secret is tried again at once.
        String key = s.getMetadata().getName() + "@" + s.getMetadata().getResourceVersion();
        TimedProbe known = probes.get(key);
        if (known != null && System.nanoTime() - known.atNanos() < PROBE_TTL.toNanos()) {
            return known.probe();
        }
        ClusterClients.Probe p;
        try {
            p = ClusterClients.probe(ClusterSecret.parse(s), PROBE_TIMEOUT);
        } catch (ClusterSecret.Invalid e) {
            p = new ClusterClients.Probe(false, null, e.getMessage());
        }
        if (probes.size() > 1000) {
            probes.clear();
        }
        probes.keySet().removeIf(k -> k.startsWith(s.getMetadata().getName() + "@"));
        probes.put(key, new TimedProbe(System.nanoTime(), p));
        return p;
    }

    private static String field(Secret s, String key) {
        return SecretFields.value(s, key).orElse("");
    }
}
