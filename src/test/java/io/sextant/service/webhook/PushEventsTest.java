package io.sextant.service.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Push events of each provider, as they send them, matched against Applications. */
class PushEventsTest {

    static final byte[] GITHUB = """
            {"ref": "refs/heads/stage",
             "repository": {"html_url": "https://github.com/Example/kubercoins",
                            "clone_url": "https://github.com/Example/kubercoins.git",
                            "ssh_url": "git@github.com:Example/kubercoins.git", "default_branch": "main"}}
            """.getBytes(StandardCharsets.UTF_8);

    static Application app(String name, String url, String revision) {
        Application a = new Application();
        a.getMetadata().setName(name);
        ApplicationSpec spec = new ApplicationSpec();
        ApplicationSource source = new ApplicationSource();
        source.setRepoURL(url);
        source.setTargetRevision(revision);
        spec.setSource(source);
        a.setSpec(spec);
        return a;
    }

    @Test
    void eachProviderIsReadFromItsOwnShape() {
        PushEvent gh = PushEvents.parse("github", Map.of("x-github-event", "push"), GITHUB)
                .orElseThrow();
        assertThat(gh.branches()).containsExactly("stage");
        assertThat(gh.defaultBranch()).isEqualTo("main");

        PushEvent gl = PushEvents.parse(
                        "gitlab", Map.of("x-gitlab-event", "Push Hook"), """
                {"ref": "refs/heads/main", "project": {"web_url": "https://gitlab.com/g/r",
                 "git_http_url": "https://gitlab.com/g/r.git", "git_ssh_url": "git@gitlab.com:g/r.git", "default_branch": "main"}}
                """.getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertThat(gl.repoUrls()).contains("git@gitlab.com:g/r.git");

        PushEvent bb = PushEvents.parse(
                        "bitbucket", Map.of("x-event-key", "repo:push"), """
                {"push": {"changes": [{"new": {"type": "branch", "name": "dev"}}]},
                 "repository": {"full_name": "team/repo", "links": {"html": {"href": "https://bitbucket.org/team/repo"}},
                                "mainbranch": {"name": "main"}}}
                """.getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertThat(bb.branches()).containsExactly("dev");

        PushEvent bbs = PushEvents.parse("bitbucketserver", Map.of("x-event-key", "repo:refs_changed"), """
                {"changes": [{"ref": {"id": "refs/heads/release"}}],
                 "repository": {"links": {"clone": [{"href": "ssh://git@bitbucket.example.com:7999/prj/repo.git"},
                                                     {"href": "https://bitbucket.example.com/scm/prj/repo.git"}]}}}
                """.getBytes(
                                StandardCharsets.UTF_8))
                .orElseThrow();
        assertThat(bbs.branches()).containsExactly("release");

        assertThat(PushEvents.parse("github", Map.of("x-github-event", "ping"), "{}".getBytes()))
                .as("not a push")
                .isEmpty();
        assertThatThrownBy(() -> PushEvents.parse("github", Map.of("x-github-event", "push"), "{nope".getBytes()))
                .isInstanceOfSatisfying(
                        WebhookException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> PushEvents.parse("github", Map.of("x-github-event", "push"), "{}".getBytes()))
                .hasMessageContaining("names no repository URL");
        assertThatThrownBy(() -> PushEvents.parse(
                        "github",
                        Map.of("x-github-event", "push"),
                        ("{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}").getBytes()))
                .as("deep nesting is refused, not a stack overflow")
                .isInstanceOf(WebhookException.class);
        assertThat(PushEvents.provider(Map.of("user-agent", "curl"))).isEmpty();
    }

    @Test
    void matchesTheRepositoryWhateverItsUrlFormAndThePushedBranch() {
        PushEvent push = PushEvents.parse("github", Map.of("x-github-event", "push"), GITHUB)
                .orElseThrow();
        List<Application> apps = List.of(
                app("https-git", "https://github.com/example/kubercoins.git", "stage"),
                app("ssh-scp", "git@github.com:Example/kubercoins", "refs/heads/stage"),
                app("ssh-url", "ssh://git@github.com:22/example/kubercoins.git/", "stage"),
                app("with-user", "https://bot:token@github.com/example/kubercoins", "stage"),
                app("other-branch", "https://github.com/example/kubercoins", "prod"),
                app("default-branch", "https://github.com/example/kubercoins", "HEAD"),
                app("other-repo", "https://github.com/example/kubercoins-fork", "stage"));
        assertThat(PushMatcher.matching(push, apps))
                .extracting(a -> a.getMetadata().getName())
                .containsExactly("https-git", "ssh-scp", "ssh-url", "with-user");
        PushEvent toMain = new PushEvent("github", push.repoUrls(), List.of("main"), "main");
        assertThat(PushMatcher.matching(toMain, apps))
                .extracting(a -> a.getMetadata().getName())
                .containsExactly("default-branch");
    }

    @Test
    void signaturesAreCheckedWhenASecretIsSet() {
        String sig = "sha256=" + WebhookSecrets.hmac("HmacSHA256", "s3cret", GITHUB);
        WebhookSecrets.verify("github", "s3cret", Map.of("x-hub-signature-256", sig), GITHUB);
        WebhookSecrets.verify("github", null, Map.of(), GITHUB); // no secret set: accepted, as Argo CD
        assertThatThrownBy(() ->
                        WebhookSecrets.verify("github", "s3cret", Map.of("x-hub-signature-256", "sha256=00"), GITHUB))
                .isInstanceOfSatisfying(
                        WebhookException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> WebhookSecrets.verify("github", "s3cret", Map.of(), GITHUB))
                .isInstanceOf(WebhookException.class);
        WebhookSecrets.verify("gitlab", "tok", Map.of("x-gitlab-token", "tok"), GITHUB);
        assertThatThrownBy(() -> WebhookSecrets.verify("gitlab", "tok", Map.of("x-gitlab-token", "nope"), GITHUB))
                .isInstanceOf(WebhookException.class);
        WebhookSecrets.verify(
                "gogs", "k", Map.of("x-gogs-signature", WebhookSecrets.hmac("HmacSHA256", "k", GITHUB)), GITHUB);
    }
}
