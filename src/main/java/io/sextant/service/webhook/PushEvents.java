package io.sextant.service.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads push events of the five providers Argo CD supports, told apart by their event header:
 * {@code X-GitHub-Event: push}, {@code X-Gitlab-Event: Push Hook}, {@code X-Event-Key: repo:push}
 * (Bitbucket Cloud), {@code X-Event-Key: repo:refs_changed} (Bitbucket Server), {@code X-Gogs-Event:
 * push}. Other events (ping, pull requests) are acknowledged and ignored. Stateless, thread-safe.
 */
public final class PushEvents {

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(100)
                            .maxStringLength(1_000_000)
                            .build())
                    .build())
            .build();

    private PushEvents() {}

    /** The provider named by the headers (lower-case header names), or empty for an unknown sender. */
    public static Optional<String> provider(Map<String, String> headers) {
        if (headers.containsKey("x-github-event")) {
            return Optional.of("github");
        }
        if (headers.containsKey("x-gitlab-event")) {
            return Optional.of("gitlab");
        }
        if (headers.containsKey("x-gogs-event")) {
            return Optional.of("gogs");
        }
        String key = headers.get("x-event-key");
        if (key != null) {
            return Optional.of(
                    key.startsWith("repo:refs_changed")
                                    || headers.containsKey("x-request-id") && !headers.containsKey("x-hook-uuid")
                            ? "bitbucketserver"
                            : "bitbucket");
        }
        return Optional.empty();
    }

    /**
     * The push in {@code body}, or empty when the event is not a push.
     *
     * @throws WebhookException 400 when the body is not the JSON the provider sends
     */
    public static Optional<PushEvent> parse(String provider, Map<String, String> headers, byte[] body) {
        String event = switch (provider) {
            case "github" -> headers.get("x-github-event");
            case "gitlab" -> headers.get("x-gitlab-event");
            case "gogs" -> headers.get("x-gogs-event");
            default -> headers.get("x-event-key");
        };
        boolean push = switch (provider) {
            case "github", "gogs" -> "push".equals(event);
            case "gitlab" -> "Push Hook".equals(event) || "Tag Push Hook".equals(event);
            case "bitbucket" -> "repo:push".equals(event);
            case "bitbucketserver" -> "repo:refs_changed".equals(event);
            default -> false;
        };
        if (!push) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new WebhookException(400, "the " + provider + " push event is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new WebhookException(400, "the " + provider + " push event is not a JSON object");
        }
        List<String> urls = new ArrayList<>();
        List<String> branches = new ArrayList<>();
        String defaultBranch = null;
        switch (provider) {
            case "github", "gogs" -> {
                JsonNode repo = root.path("repository");
                add(urls, repo, "html_url", "clone_url", "ssh_url", "git_url", "url");
                branch(branches, root.path("ref").asText(""));
                defaultBranch = text(repo, "default_branch");
            }
            case "gitlab" -> {
                JsonNode project = root.path("project");
                add(urls, project, "web_url", "git_http_url", "git_ssh_url", "http_url", "ssh_url");
                add(urls, root.path("repository"), "homepage", "git_http_url", "git_ssh_url", "url");
                branch(branches, root.path("ref").asText(""));
                defaultBranch = text(project, "default_branch");
            }
            case "bitbucket" -> {
                JsonNode repo = root.path("repository");
                add(urls, repo.path("links").path("html"), "href");
                String fullName = text(repo, "full_name");
                if (fullName != null) {
                    urls.add("https://bitbucket.org/" + fullName);
                }
                for (JsonNode change : root.path("push").path("changes")) {
                    JsonNode n = change.path("new");
                    if ("branch".equals(n.path("type").asText())) {
                        branches.add(n.path("name").asText());
                    }
                }
                defaultBranch = text(repo.path("mainbranch"), "name");
            }
            case "bitbucketserver" -> {
                for (JsonNode clone : root.path("repository").path("links").path("clone")) {
                    add(urls, clone, "href");
                }
                for (JsonNode change : root.path("changes")) {
                    branch(branches, change.path("ref").path("id").asText(""));
                }
            }
            default -> throw new IllegalStateException(provider);
        }
        if (urls.isEmpty()) {
            throw new WebhookException(400, "the " + provider + " push event names no repository URL");
        }
        return Optional.of(new PushEvent(provider, List.copyOf(urls), List.copyOf(branches), defaultBranch));
    }

    private static void add(List<String> urls, JsonNode node, String... fields) {
        for (String f : fields) {
            String v = text(node, f);
            if (v != null) {
                urls.add(v);
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static void branch(List<String> branches, String ref) {
        if (ref.startsWith("refs/heads/")) {
            branches.add(ref.substring("refs/heads/".length()));
        } else if (ref.startsWith("refs/tags/")) {
            branches.add(ref.substring("refs/tags/".length()));
        } else if (!ref.isEmpty()) {
            branches.add(ref);
        }
    }
}
