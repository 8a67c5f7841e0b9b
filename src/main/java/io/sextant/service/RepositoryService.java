package io.sextant.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.auth.RbacPolicy;
import io.sextant.config.SextantConfig;
import io.sextant.model.ConnectionStatus;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.Credentials;
import io.sextant.repo.git.CredentialsResolver;
import io.sextant.repo.git.Redactor;
import io.sextant.repo.git.RepoCache;
import io.sextant.repo.git.RepoUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Repositories as Argo CD keeps them: one Secret per repository, labelled
 * {@code argocd.argoproj.io/secret-type: repository}, holding {@code url}, {@code type}, {@code name},
 * {@code project} and the credentials ({@code username}, {@code password}, {@code sshPrivateKey}).
 * The controller reads the same Secrets to fetch. Adding tests the connection first and stores
 * nothing when it fails; answers never hold a password or key, only whether one is set.
 */
@ApplicationScoped
public class RepositoryService {

    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STATE_TTL = Duration.ofMinutes(3);

    /** What the user asks to add: Argo's Repository fields that Sextant uses. */
    public record RepositoryRequest(
            String repo,
            String type,
            String name,
            String project,
            String username,
            String password,
            String sshPrivateKey,
            Boolean insecure,
            Boolean enableLfs) {}

    private record State(String status, String message, Instant attemptedAt) {}

    private final KubernetesClient client;
    private final SextantConfig config;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Authorizer authorizer;
    private static final String REPOS = RbacPolicy.REPOSITORIES;

    @Inject
    public RepositoryService(KubernetesClient client, SextantConfig config, Authorizer authorizer) {
        this.client = client;
        this.config = config;
        this.authorizer = authorizer;
    }

    /** Without RBAC (the CLI's core mode). */
    public RepositoryService(KubernetesClient client, SextantConfig config) {
        this(client, config, Authorizer.open());
    }

    /** Argo's RepositoryList: {@code {"items": [...]}}, sanitized, with the last connection state. */
    public ObjectNode list() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putObject("metadata");
        var items = out.putArray("items");
        secrets().stream()
                .filter(s -> authorizer.can(REPOS, "get", field(s, "url")))
                .forEach(s -> items.add(view(s, false)));
        return out;
    }

    /** One repository by URL; {@code forceRefresh} tests its connection again. */
    public ObjectNode get(String url, boolean forceRefresh) {
        if (!authorizer.can(REPOS, "get", url)) {
            throw new ForbiddenException();
        }
        return view(
                find(url)
                        .orElseThrow(
                                () -> new NotFoundException("repository '" + Redactor.redact(url) + "' not found")),
                forceRefresh);
    }

    /**
     * Adds a repository after a successful connection test. An existing one with different settings
     * is refused unless {@code upsert}.
     */
    public ObjectNode create(RepositoryRequest request, boolean upsert) {
        String url = validate(request);
        authorizer.check(REPOS, "create", url);
        String type = request.type() == null || request.type().isBlank() ? "git" : request.type();
        Optional<Secret> existing = find(url);
        if (existing.isPresent() && !upsert) {
            if (sameSettings(existing.get(), request, type)) {
                return view(existing.get(), false);
            }
            throw new OperationRefusedException(
                    "existing repository spec is different; use upsert flag to force update");
        }
        if (existing.isPresent()) {
            authorizer.check(REPOS, "update", url);
        }
        test(url, type, credentials(request), request.insecure());
        Map<String, String> data = new LinkedHashMap<>();
        data.put("url", url);
        data.put("type", type);
        putIfSet(data, "name", request.name());
        putIfSet(data, "project", request.project());
        putIfSet(data, "username", request.username());
        putIfSet(data, "password", request.password());
        putIfSet(data, "sshPrivateKey", request.sshPrivateKey());
        if (Boolean.TRUE.equals(request.insecure())) {
            data.put("insecure", "true");
        }
        if (Boolean.TRUE.equals(request.enableLfs())) {
            data.put("enableLfs", "true");
        }
        String name = existing.map(s -> s.getMetadata().getName()).orElse(secretName(url));
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(config.namespace())
                .addToLabels(CredentialsResolver.SECRET_TYPE_LABEL, CredentialsResolver.TYPE_REPOSITORY)
                .addToAnnotations("managed-by", "sextant")
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build();
        Secret stored = existing.isPresent()
                ? client.resource(secret).update()
                : client.resource(secret).create();
        states.put(key(url), new State(ConnectionStatus.SUCCESSFUL.code(), "", Instant.now()));
        return view(stored, false);
    }

    /** Tests a connection with the given settings without storing anything. */
    public void validateConnection(RepositoryRequest request) {
        String url = validate(request);
        authorizer.check(REPOS, "create", url);
        test(
                url,
                request.type() == null || request.type().isBlank() ? "git" : request.type(),
                credentials(request),
                request.insecure());
    }

    /** Removes the repository's Secret. */
    public void delete(String url) {
        authorizer.check(REPOS, "delete", url);
        Secret secret = find(url)
                .orElseThrow(() -> new NotFoundException("repository '" + Redactor.redact(url) + "' not found"));
        client.resource(secret).delete();
        states.remove(key(url));
    }

    private List<Secret> secrets() {
        return client
                .secrets()
                .inNamespace(config.namespace())
                .withLabel(CredentialsResolver.SECRET_TYPE_LABEL, CredentialsResolver.TYPE_REPOSITORY)
                .list()
                .getItems()
                .stream()
                .filter(s -> field(s, "url") != null)
                .sorted(Comparator.comparing(s -> field(s, "url")))
                .toList();
    }

    private Optional<Secret> find(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String wanted = key(url);
        return secrets().stream()
                .filter(s -> wanted.equals(key(field(s, "url"))))
                .findFirst();
    }

    private ObjectNode view(Secret s, boolean forceRefresh) {
        String url = field(s, "url");
        ObjectNode repo = JsonNodeFactory.instance.objectNode();
        repo.put("repo", url);
        repo.put("type", Optional.ofNullable(field(s, "type")).orElse("git"));
        putIfSet(repo, "name", field(s, "name"));
        putIfSet(repo, "project", field(s, "project"));
        putIfSet(repo, "username", field(s, "username"));
        repo.put("insecure", "true".equals(field(s, "insecure")));
        repo.put("enableLfs", "true".equals(field(s, "enableLfs")));
        // Never the values: whether they are set is all a client may know.
        repo.put("hasCredentials", field(s, "password") != null || field(s, "sshPrivateKey") != null);
        State state = states.get(key(url));
        if (forceRefresh
                || state == null
                || state.attemptedAt().isBefore(Instant.now().minus(STATE_TTL))) {
            state = testState(
                    url,
                    Optional.ofNullable(field(s, "type")).orElse("git"),
                    new Credentials(field(s, "username"), field(s, "password"), field(s, "sshPrivateKey")),
                    "true".equals(field(s, "insecure")));
            states.put(key(url), state);
        }
        ObjectNode cs = repo.putObject("connectionState");
        cs.put("status", state.status());
        cs.put("message", state.message());
        cs.put("attemptedAt", state.attemptedAt().toString());
        return repo;
    }

    private State testState(String url, String type, Credentials credentials, boolean insecure) {
        try {
            test(url, type, credentials, insecure);
            return new State(ConnectionStatus.SUCCESSFUL.code(), "", Instant.now());
        } catch (IllegalArgumentException e) {
            return new State(ConnectionStatus.FAILED.code(), e.getMessage(), Instant.now());
        }
    }

    /** @throws IllegalArgumentException saying why the repository cannot be reached (credentials redacted) */
    private void test(String url, String type, Credentials credentials, Boolean insecure) {
        try {
            if ("helm".equals(type)) {
                HelmRepositoryProbe.test(url, credentials, TEST_TIMEOUT);
            } else {
                RepoCache.testConnection(url, credentials, TEST_TIMEOUT);
            }
        } catch (RepoException e) {
            throw new IllegalArgumentException(
                    "Unable to connect to repository " + Redactor.redact(url) + ": " + e.getMessage());
        }
    }

    private static String validate(RepositoryRequest request) {
        if (request == null || request.repo() == null || request.repo().isBlank()) {
            throw new IllegalArgumentException("repo (the repository URL) is required");
        }
        String type = request.type() == null || request.type().isBlank() ? "git" : request.type();
        if (!type.equals("git") && !type.equals("helm")) {
            throw new IllegalArgumentException("type must be 'git' or 'helm', not '" + Redactor.printable(type) + "'");
        }
        if (type.equals("git")) {
            RepoUrls.validate(request.repo());
        } else if (!request.repo().startsWith("https://")
                && !request.repo().startsWith("http://")
                && !request.repo().startsWith("oci://")) {
            throw new IllegalArgumentException("a Helm repository URL must start with https://, http:// or oci://");
        }
        return request.repo().trim();
    }

    private static Credentials credentials(RepositoryRequest request) {
        return new Credentials(request.username(), request.password(), request.sshPrivateKey());
    }

    private boolean sameSettings(Secret s, RepositoryRequest r, String type) {
        return type.equals(Optional.ofNullable(field(s, "type")).orElse("git"))
                && eq(field(s, "name"), r.name())
                && eq(field(s, "project"), r.project())
                && eq(field(s, "username"), r.username())
                && eq(field(s, "password"), r.password())
                && eq(field(s, "sshPrivateKey"), r.sshPrivateKey());
    }

    private static boolean eq(String a, String b) {
        return (a == null || a.isEmpty()) ? (b == null || b.isEmpty()) : a.equals(b);
    }

    private static String key(String url) {
        try {
            return RepoUrls.normalizeForMatching(url);
        } catch (RuntimeException e) {
            return url;
        }
    }

    /** The name of the Secret that holds {@code url}'s settings (stable for any spelling of the URL). */
    public static String secretName(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key(url).getBytes(StandardCharsets.UTF_8));
            return "repo-" + HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Secret field, from data (base64) or stringData; null when absent or empty. */
    private static String field(Secret s, String key) {
        return SecretFields.value(s, key).filter(v -> !v.isEmpty()).orElse(null);
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(key, value);
        }
    }
}
