package io.sextant.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sextant.embedded.GitHttpServer;
import io.sextant.model.Application;
import io.sextant.model.ApplicationCondition;
import io.sextant.model.RevisionHistory;
import io.sextant.repo.TreeCommit;
import io.sextant.testing.Apps;
import io.sextant.testing.FaultyGitProxy;
import io.sextant.testing.TestbedResource;
import io.sextant.testing.WithGitServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.Test;

/**
 * The Git server goes away under an automated app with prune and self-heal (security review, anchor
 * case 22): the app says so with a ComparisonError and an Unknown sync status, nothing it deployed is
 * pruned and no sync is started while Git cannot be read; when the server is back, the condition goes
 * and the app is Synced again, with no operation needed. Argo CD does the same (a repository error is a
 * ComparisonError; auto-sync needs a comparison).
 *
 * <p>Issue 24, fault 5, adds the other ways a Git server fails: hanging mid-response (bounded by
 * {@code sextant.repo.fetch-timeout}, 10 s in tests), answering garbage, a branch force-pushed to an unrelated
 * history, and a repository deleted. Each ends with the same check: the app Synced at the commit Git holds,
 * one history entry per sync that happened, no Secret value in the Application, the process still serving.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class GitOutageTest extends WithGitServer {

    static final String CONFIG_MAPS = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: first}
            data: {k: one}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: second}
            data: {k: two}
            """;

    /** The test profile's {@code sextant.repo.fetch-timeout}. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    static final String SECRET_VALUE = "git-fault-s3cr3t-value-5";

    @Inject
    KubernetesClient client;

    @Inject
    ApplicationController controller;

    @Test
    void anUnreachableGitServerIsAConditionNeverAPruneAndTheAppRecovers() throws Exception {
        Path bare = git.addAnonymous("outage");
        TreeCommit.tree().file("app/cms.yaml", CONFIG_MAPS).commitTo(bare, "main");
        Apps apps = new Apps(client);
        String ns = "git-outage";
        apps.freshNamespace(ns);
        apps.create("outage", git.url("outage"), "main", "app", ns, """
                syncPolicy: {automated: {prune: true, selfHeal: true}}
                """);
        apps.awaitSyncAndHealth("outage", "Synced", "Healthy");
        long operations = operationsStarted(apps, "outage");

        Path root = git.root();
        int port = git.port();
        git.close();
        try {
            apps.refresh("outage", "normal");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Application a = apps.get("outage");
                assertThat(comparisonErrors(a))
                        .as("conditions")
                        .singleElement()
                        .asString()
                        .contains("cannot fetch")
                        .contains("/outage.git");
                assertThat(a.getStatus().getSync().getStatus()).isEqualTo("Unknown");
            });
            Thread.sleep(3000);
            assertThat(client.configMaps().inNamespace(ns).withName("first").get())
                    .as("nothing pruned")
                    .isNotNull();
            assertThat(client.configMaps().inNamespace(ns).withName("second").get())
                    .isNotNull();
            assertNoNewOperation(apps, "outage", operations);
        } finally {
            // Back on the same port for the other tests of the class, whatever happened above.
            git = GitHttpServer.start(root, port);
            git.addAnonymous("outage");
        }
        apps.refresh("outage", "normal");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Application a = apps.get("outage");
            assertThat(comparisonErrors(a)).isEmpty();
            assertThat(a.getStatus().getSync().getStatus()).isEqualTo("Synced");
        });
        assertThat(operationsStarted(apps, "outage"))
                .as("Synced again without a sync")
                .isEqualTo(operations);
        apps.delete("outage");
    }

    @Test
    void aServerHangingMidFetchIsBoundedByTheFetchTimeoutAndTheLastGoodStateIsKept() throws Exception {
        Path bare = git.addAnonymous("hang");
        String a = manifests("one", true).commitTo(bare, "main");
        Apps apps = new Apps(client);
        String ns = "git-hang";
        apps.freshNamespace(ns);
        try (FaultyGitProxy proxy = FaultyGitProxy.start(git.port())) {
            apps.create("hang", proxy.urlOf(git.url("hang")), "main", "app", ns, AUTOMATED);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertSettled(apps, "hang", a, 1));

            String b = manifests("two", true).commitTo(bare, "main");
            long asked = System.nanoTime(); // no response can stop before this
            proxy.mode(FaultyGitProxy.Mode.HANG_MID_RESPONSE);
            apps.refresh("hang", "normal");
            // One fetch hangs for the timeout; one already hanging (a periodic refresh) may be ahead of it.
            await().atMost(FETCH_TIMEOUT.multipliedBy(2).plusSeconds(25))
                    .untilAsserted(() -> assertThat(comparisonErrors(apps.get("hang")))
                            .singleElement()
                            .asString()
                            .contains("cannot fetch " + proxy.urlOf(git.url("hang")))
                            .contains("stopped answering for 10s")
                            .contains("sextant.repo.fetch-timeout"));
            Duration took = Duration.ofNanos(System.nanoTime() - asked);
            assertThat(took).as("the hang was cut by the timeout").isGreaterThanOrEqualTo(FETCH_TIMEOUT);
            assertThat(proxy.hangs()).as("responses stopped mid-way").isPositive();
            // A periodic refresh round starts while Git is broken (refreshAll: the same, without waiting).
            controller.refreshAll();
            assertLastGoodStateKept(apps, "hang", ns, "one", 1);

            recoversThrough(proxy, apps, "hang", ns, b);
        } finally {
            apps.delete("hang");
        }
    }

    @Test
    void aServerAnsweringGarbageIsAClearConditionAndTheLastGoodStateIsKept() throws Exception {
        Path bare = git.addAnonymous("garbage");
        String a = manifests("one", true).commitTo(bare, "main");
        Apps apps = new Apps(client);
        String ns = "git-garbage";
        apps.freshNamespace(ns);
        try (FaultyGitProxy proxy = FaultyGitProxy.start(git.port())) {
            apps.create("garbage", proxy.urlOf(git.url("garbage")), "main", "app", ns, AUTOMATED);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertSettled(apps, "garbage", a, 1));

            String b = manifests("two", true).commitTo(bare, "main");
            proxy.mode(FaultyGitProxy.Mode.GARBAGE);
            apps.refresh("garbage", "normal");
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(comparisonErrors(apps.get("garbage")))
                            .singleElement()
                            .asString()
                            .contains("cannot fetch " + proxy.urlOf(git.url("garbage")))
                            .contains("not the git protocol"));
            assertThat(proxy.garbageAnswers()).isPositive();
            // A periodic refresh round starts while Git is broken (refreshAll: the same, without waiting).
            controller.refreshAll();
            assertLastGoodStateKept(apps, "garbage", ns, "one", 1);

            recoversThrough(proxy, apps, "garbage", ns, b);
        } finally {
            apps.delete("garbage");
        }
    }

    @Test
    void aBranchForcePushedToAnUnrelatedHistoryIsFollowedToWhatGitHoldsNow() throws Exception {
        Path bare = git.addAnonymous("forced");
        manifests("one", true).commitTo(bare, "main");
        Path work = Files.createTempDirectory("sextant-forced-work");
        PersonIdent who = new PersonIdent("Sextant Tests", "tests@sextant.invalid");
        try (Git clone = Git.cloneRepository()
                .setURI(git.url("forced"))
                .setBranch("main")
                .setDirectory(work.toFile())
                .call()) {
            // An ordinary history first: B on top of A, pushed over HTTP.
            Files.writeString(work.resolve("app/cms.yaml"), configMaps("two", true));
            clone.add().addFilepattern("app").call();
            RevCommit b = clone.commit()
                    .setMessage("B\n")
                    .setAuthor(who)
                    .setCommitter(who)
                    .setSign(false)
                    .call();
            push(clone, "main:refs/heads/main", false);
            Apps apps = new Apps(client);
            String ns = "git-forced";
            apps.freshNamespace(ns);
            try {
                apps.create("forced", git.url("forced"), "main", "app", ns, AUTOMATED);
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertSettled(apps, "forced", b.name(), 1));

                // Then main is replaced by a root commit of another history: no `second`, a new value.
                clone.checkout().setOrphan(true).setName("rewrite").call();
                clone.rm().addFilepattern("app").call();
                Files.createDirectories(work.resolve("app"));
                Files.writeString(work.resolve("app/cms.yaml"), configMaps("three", false));
                Files.writeString(work.resolve("app/secret.yaml"), SECRET);
                clone.add().addFilepattern("app").call();
                RevCommit c = clone.commit()
                        .setMessage("C, unrelated\n")
                        .setAuthor(who)
                        .setCommitter(who)
                        .setSign(false)
                        .call();
                assertThat(c.getParentCount()).as("C starts a new history").isZero();
                push(clone, "+rewrite:refs/heads/main", true);

                Set<String> seen = ConcurrentHashMap.newKeySet();
                apps.refresh("forced", "normal");
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    Application app = apps.get("forced");
                    if (app.getStatus() != null && app.getStatus().getSync() != null) {
                        seen.add(String.valueOf(app.getStatus().getSync().getRevision()));
                    }
                    assertSettled(apps, "forced", c.name(), 2);
                });
                assertThat(seen).as("revisions the app showed").isSubsetOf(b.name(), c.name());
                assertThat(apps.get("forced").getStatus().getHistory())
                        .extracting(RevisionHistory::getRevision)
                        .as("synced to B, then to C, and to nothing else")
                        .containsExactly(b.name(), c.name());
                assertThat(client.configMaps()
                                .inNamespace(ns)
                                .withName("second")
                                .get())
                        .as("pruned: not in what Git holds now")
                        .isNull();
                assertThat(value(ns, "first")).isEqualTo("three");
            } finally {
                apps.delete("forced");
            }
        } finally {
            FileUtils.delete(work.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
        }
    }

    @Test
    void aDeletedRepositoryIsAConditionNeverAPruneAndTheAppRecoversWhenItIsBack() throws Exception {
        Path bare = git.addAnonymous("gone");
        String a = manifests("one", true).commitTo(bare, "main");
        Apps apps = new Apps(client);
        String ns = "git-gone";
        apps.freshNamespace(ns);
        try {
            apps.create("gone", git.url("gone"), "main", "app", ns, AUTOMATED);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertSettled(apps, "gone", a, 1));

            FileUtils.delete(bare.toFile(), FileUtils.RECURSIVE);
            apps.refresh("gone", "normal");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Application app = apps.get("gone");
                assertThat(comparisonErrors(app))
                        .singleElement()
                        .asString()
                        .contains("cannot fetch " + git.url("gone"))
                        .contains("the repository was not found on the server (HTTP 404)");
                assertThat(app.getStatus().getSync().getStatus()).isEqualTo("Unknown");
            });
            // A periodic refresh round starts while Git is broken (refreshAll: the same, without waiting).
            controller.refreshAll();
            assertLastGoodStateKept(apps, "gone", ns, "one", 1);

            // Made again from a copy (the same commit), and then someone pushes.
            assertThat(manifests("one", true).commitTo(git.addAnonymous("gone"), "main"))
                    .as("the same content is the same commit")
                    .isEqualTo(a);
            String d = manifests("four", true).commitTo(bare, "main");
            apps.refresh("gone", "normal");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertSettled(apps, "gone", d, 2));
            assertStaysRecovered(apps, "gone", d, 2);
            assertThat(value(ns, "first")).isEqualTo("four");
        } finally {
            apps.delete("gone");
        }
    }

    static final String AUTOMATED = """
            syncPolicy: {automated: {prune: true, selfHeal: true}}
            """;

    static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata: {name: credentials}
            stringData: {password: %s}
            """.formatted(SECRET_VALUE);

    /** ConfigMap {@code first} holding {@code value}, and {@code second} when asked. */
    private static String configMaps(String value, boolean withSecond) {
        String first = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: first}
                data: {k: %s}
                """.formatted(value);
        return withSecond ? first + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: second}
                data: {k: two}
                """ : first;
    }

    private static TreeCommit manifests(String value, boolean withSecond) {
        return TreeCommit.tree()
                .file("app/cms.yaml", configMaps(value, withSecond))
                .file("app/secret.yaml", SECRET);
    }

    private static void push(Git clone, String refSpec, boolean force) throws Exception {
        for (PushResult result : clone.push()
                .setRemote("origin")
                .setRefSpecs(new RefSpec(refSpec))
                .setForce(force)
                .call()) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                assertThat(update.getStatus()).as(update.getRemoteName()).isEqualTo(RemoteRefUpdate.Status.OK);
            }
        }
    }

    private String value(String ns, String configMap) {
        return client.configMaps()
                .inNamespace(ns)
                .withName(configMap)
                .get()
                .getData()
                .get("k");
    }

    /**
     * While Git cannot be read, for a few seconds: the condition stays, what was deployed stays as it was
     * (nothing pruned, nothing changed), no operation starts, and the message leaks nothing.
     */
    private void assertLastGoodStateKept(Apps apps, String name, String ns, String value, long operations) {
        // Holding for a while: the window in which a wrong sync or prune would show.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Application app = apps.get(name);
            assertThat(app.getStatus().getSync().getStatus()).as("sync status").isEqualTo("Unknown");
            assertThat(comparisonErrors(app)).singleElement().satisfies(GitOutageTest::assertReadable);
            assertThat(value(ns, "first")).as("the last good state").isEqualTo(value);
            assertThat(client.configMaps().inNamespace(ns).withName("second").get())
                    .as("nothing pruned")
                    .isNotNull();
            assertThat(client.secrets().inNamespace(ns).withName("credentials").get())
                    .isNotNull();
            assertNoNewOperation(apps, name, operations);
            assertNoSecretValue(app);
        });
    }

    /** The proxy forwards again: the app settles at {@code head} with a second history entry and stays so. */
    private void recoversThrough(FaultyGitProxy proxy, Apps apps, String name, String ns, String head)
            throws Exception {
        proxy.mode(FaultyGitProxy.Mode.FORWARD);
        apps.refresh(name, "normal");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertSettled(apps, name, head, 2));
        assertStaysRecovered(apps, name, head, 2);
        assertThat(value(ns, "first")).isEqualTo("two");
    }

    /**
     * Recovered for good: a later reconcile that asks for no refresh (here: a spec change that changes nothing)
     * compares against Git again and finds it Synced, with no error from before the recovery.
     */
    private void assertStaysRecovered(Apps apps, String name, String revision, int entries) {
        apps.patch(name, "{\"spec\": {\"revisionHistoryLimit\": 9}}");
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertSettled(apps, name, revision, entries));
    }

    /** A message a user can read: one line of printable text, naming no credential. */
    private static void assertReadable(String message) {
        assertThat(message)
                .hasSizeLessThan(600)
                .doesNotContainPattern("\\p{Cntrl}")
                .doesNotContain("\uFFFD")
                .doesNotContainPattern("://[^/\\s]*@");
    }

    /**
     * Synced and Succeeded at {@code revision}, no operation left, no comparison error, {@code entries} history
     * entries (the last at {@code revision}), no Secret value in the Application, the process serving.
     */
    private void assertSettled(Apps apps, String name, String revision, int entries) {
        Application a = apps.get(name);
        assertThat(a.getStatus()).as(name + " status").isNotNull();
        assertThat(a.getStatus().getSync()).as(name + " sync").isNotNull();
        assertThat(a.getOperation()).as(name + " operation").isNull();
        assertThat(comparisonErrors(a)).as(name + " conditions").isEmpty();
        assertThat(a.getStatus().getSync().getStatus()).as(name).isEqualTo("Synced");
        assertThat(a.getStatus().getSync().getRevision()).as(name).isEqualTo(revision);
        assertThat(a.getStatus().getOperationState()).as(name).isNotNull();
        assertThat(a.getStatus().getOperationState().getPhase())
                .as(name + ": " + a.getStatus().getOperationState().getMessage())
                .isEqualTo("Succeeded");
        assertThat(a.getStatus().getHistory())
                .as(name + ": one history entry per sync")
                .hasSize(entries);
        assertThat(a.getStatus().getHistory().get(entries - 1).getRevision()).isEqualTo(revision);
        assertNoSecretValue(a);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private void assertNoSecretValue(Application a) {
        String json = client.getKubernetesSerialization().asJson(a);
        assertThat(json)
                .doesNotContain(SECRET_VALUE)
                .doesNotContain(
                        java.util.Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> comparisonErrors(Application a) {
        if (a == null || a.getStatus() == null || a.getStatus().getConditions() == null) {
            return List.of();
        }
        return a.getStatus().getConditions().stream()
                .filter(c -> "ComparisonError".equals(c.getType()))
                .map(ApplicationCondition::getMessage)
                .toList();
    }

    private static void assertNoNewOperation(Apps apps, String name, long operations) {
        Application a = apps.get(name);
        assertThat(operationsStarted(apps, name))
                .as(() -> "no sync started while Git cannot be read; history "
                        + (a.getStatus().getHistory() == null
                                ? "none"
                                : a.getStatus().getHistory().stream()
                                        .map(h -> h.getId() + "@" + h.getRevision() + " " + h.getDeployedAt())
                                        .toList())
                        + ", operation " + a.getOperation()
                        + ", last operation "
                        + a.getStatus().getOperationState().getStartedAt() + " "
                        + a.getStatus().getOperationState().getMessage())
                .isEqualTo(operations);
    }

    /** Operations this app ran: its history plus one still running. */
    private static long operationsStarted(Apps apps, String name) {
        Application a = apps.get(name);
        long history = a.getStatus().getHistory() == null
                ? 0
                : a.getStatus().getHistory().size();
        return history + (a.getOperation() != null ? 1 : 0);
    }
}
