package io.sextant.repo.git;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sextant.model.Annotations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the credentials for a repository URL from Argo CD-style Secrets, the way Argo CD does:
 * <ol>
 * <li>a Secret labelled {@value #SECRET_TYPE_LABEL}{@code : repository} whose {@code url} is the same
 *     repository ({@link RepoUrls#normalizeForMatching}: case, trailing {@code /} and {@code .git}, and
 *     {@code ssh://} do not matter) and that holds a password or an ssh key;</li>
 * <li>otherwise the {@code repo-creds} Secret (a credential template) whose {@code url} is the longest
 *     prefix of the repository URL, compared in the same normal form;</li>
 * <li>otherwise none (anonymous).</li>
 * </ol>
 * Fields read: {@code url}, {@code username}, {@code password}, {@code sshPrivateKey}, from {@code data}
 * (base64, as the API server returns Secrets) or {@code stringData} (plain, as written in manifests).
 * Ties go to the Secret whose name sorts first, so the choice does not depend on list order.
 *
 * <p>Credentials for <em>writing</em> (pushing a revert) are looked up apart, by {@link #forWriteUrl}:
 * Secrets labelled {@code repository-write} (exact URL) and {@code repo-write-creds} (longest prefix),
 * with the same rules. Read and write Secrets never stand in for each other: a read-only deploy token in a
 * {@code repository} Secret is not tried for a push, and a write token is not used for fetching.
 *
 * <p>Immutable after construction and thread-safe. Build a new one when the Secrets change.
 */
public final class CredentialsResolver {

    public static final String SECRET_TYPE_LABEL = Annotations.SECRET_TYPE_LABEL;
    public static final String TYPE_REPOSITORY = "repository";
    public static final String TYPE_REPO_CREDS = "repo-creds";
    /** Credentials allowed to push to one repository (exact URL), as Argo CD's write credentials. */
    public static final String TYPE_REPOSITORY_WRITE = "repository-write";
    /** A write-credential template for every repository under a URL prefix. */
    public static final String TYPE_REPO_WRITE_CREDS = "repo-write-creds";

    /** Which Secret a URL's credentials came from, for status and logs (never the values). */
    public record Match(String secretName, String secretType, Credentials credentials) {}

    private record Entry(String name, String type, String url, Credentials credentials) {}

    private final List<Entry> repositories = new ArrayList<>();
    private final List<Entry> templates = new ArrayList<>();
    private final List<Entry> writeRepositories = new ArrayList<>();
    private final List<Entry> writeTemplates = new ArrayList<>();

    /** @param secrets Secrets as JSON objects; others than the four types above, and malformed ones, are ignored */
    /** The resolver over the labelled Secrets of {@code namespace}, read now. */
    public static CredentialsResolver read(KubernetesClient client, String namespace) {
        List<JsonNode> secrets =
                client.secrets().inNamespace(namespace).withLabel(SECRET_TYPE_LABEL).list().getItems().stream()
                        .map(s -> (JsonNode) client.getKubernetesSerialization().convertValue(s, JsonNode.class))
                        .toList();
        return new CredentialsResolver(secrets);
    }

    public CredentialsResolver(List<? extends JsonNode> secrets) {
        for (JsonNode secret : secrets == null ? List.<JsonNode>of() : secrets) {
            Entry entry = read(secret);
            if (entry == null) {
                continue;
            }
            switch (entry.type) {
                case TYPE_REPOSITORY -> repositories.add(entry);
                case TYPE_REPO_CREDS -> templates.add(entry);
                case TYPE_REPOSITORY_WRITE -> writeRepositories.add(entry);
                default -> writeTemplates.add(entry);
            }
        }
        Comparator<Entry> byName = Comparator.comparing(Entry::name);
        repositories.sort(byName);
        templates.sort(byName);
        writeRepositories.sort(byName);
        writeTemplates.sort(byName);
    }

    /** The credentials to fetch {@code url} with, empty for anonymous access. */
    public Optional<Credentials> forUrl(String url) {
        return match(url).map(Match::credentials);
    }

    /** As {@link #forUrl}, telling which Secret was chosen. */
    public Optional<Match> match(String url) {
        return match(url, repositories, templates);
    }

    /**
     * The credentials to push to {@code url} with, from a {@code repository-write} Secret (exact URL) or
     * else the {@code repo-write-creds} Secret with the longest matching prefix; empty when none is
     * configured (read credentials are never used instead).
     */
    public Optional<Credentials> forWriteUrl(String url) {
        return matchWrite(url).map(Match::credentials);
    }

    /** As {@link #forWriteUrl}, telling which Secret was chosen. */
    public Optional<Match> matchWrite(String url) {
        return match(url, writeRepositories, writeTemplates);
    }

    private static Optional<Match> match(String url, List<Entry> repositories, List<Entry> templates) {
        String wanted = RepoUrls.normalizeForMatching(url);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (Entry repo : repositories) {
            if (repo.url.equals(wanted) && !repo.credentials.isEmpty()) {
                return Optional.of(new Match(repo.name, repo.type, repo.credentials));
            }
        }
        Entry best = null;
        for (Entry template : templates) {
            if (!template.url.isEmpty()
                    && prefixBeyondHost(wanted, template.url)
                    && !template.credentials.isEmpty()
                    && (best == null || template.url.length() > best.url.length())) {
                best = template;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Match(best.name, best.type, best.credentials));
    }

    /**
     * Whether {@code template} is a prefix of {@code wanted} that covers its whole host (and port):
     * {@code https://git.example.com} serves {@code https://git.example.com/team/x} but not
     * {@code https://git.example.com.attacker.tld/x}, whose server would then be sent the credentials
     * (security review M4; Argo CD's bare prefix match allows it). Within a host a prefix is free, as in
     * Argo CD ({@code https://git.example.com/team-} serves {@code team-a} and {@code team-b}).
     */
    static boolean prefixBeyondHost(String wanted, String template) {
        if (!wanted.startsWith(template)) {
            return false;
        }
        int scheme = wanted.indexOf("://");
        int hostStart = scheme < 0 ? 0 : scheme + 3;
        int slash = wanted.indexOf('/', hostStart);
        int hostEnd = slash < 0 ? wanted.length() : slash;
        return template.length() >= hostEnd;
    }

    private static Entry read(JsonNode secret) {
        if (secret == null || !secret.isObject()) {
            return null;
        }
        JsonNode metadata = secret.path("metadata");
        String type = metadata.path("labels").path(SECRET_TYPE_LABEL).asText("");
        if (!type.equals(TYPE_REPOSITORY)
                && !type.equals(TYPE_REPO_CREDS)
                && !type.equals(TYPE_REPOSITORY_WRITE)
                && !type.equals(TYPE_REPO_WRITE_CREDS)) {
            return null;
        }
        String url = field(secret, "url");
        if (url == null || url.isBlank()) {
            return null;
        }
        Credentials credentials =
                new Credentials(field(secret, "username"), field(secret, "password"), field(secret, "sshPrivateKey"));
        return new Entry(metadata.path("name").asText(""), type, RepoUrls.normalizeForMatching(url), credentials);
    }

    /** stringData wins over data, as the API server merges them on write; undecodable base64 counts as absent. */
    private static String field(JsonNode secret, String key) {
        JsonNode plain = secret.path("stringData").path(key);
        if (plain.isTextual()) {
            return plain.asText();
        }
        JsonNode encoded = secret.path("data").path(key);
        if (!encoded.isTextual()) {
            return null;
        }
        try {
            return new String(Base64.getMimeDecoder().decode(encoded.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
