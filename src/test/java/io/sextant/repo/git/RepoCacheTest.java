package io.sextant.repo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.sextant.embedded.FixtureRepository;
import io.sextant.embedded.GitHttpServer;
import io.sextant.embedded.RequestCounts;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.Scenarios;
import io.sextant.repo.TreeCommit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clone cache against the real git smart-HTTP server and the kubercoins fixture repository. */
class RepoCacheTest {

    @TempDir
    Path tmp;

    GitHttpServer server;
    FixtureRepository kubercoins;
    RepoCache cache;
    String url;

    @BeforeEach
    void start() throws IOException {
        server = GitHttpServer.start(tmp.resolve("served"), 0);
        kubercoins = FixtureRepository.create(server);
        cache = new RepoCache(tmp.resolve("cache"));
        url = kubercoins.url();
    }

    @AfterEach
    void stop() {
        cache.close();
        kubercoins.close();
        server.close();
    }

    @Test
    void resolvesBranchesHeadFullAndAbbreviatedShasAndRefNames() {
        FetchResult fetched = cache.fetch(url, null);
        assertThat(fetched.url()).isEqualTo(url);
        assertThat(fetched.updatedRefs()).as("first fetch creates every branch").isEqualTo(5);

        String prod = kubercoins.headOf("prod");
        String helm = kubercoins.headOf("helm");
        assertThat(cache.resolve(url, "prod")).isEqualTo(prod);
        assertThat(cache.resolve(url, "helm")).isEqualTo(helm);
        assertThat(cache.resolve(url, "refs/heads/kustomize")).isEqualTo(kubercoins.headOf("kustomize"));
        assertThat(cache.resolve(url, "")).as("empty = default branch").isEqualTo(kubercoins.headOf("master"));
        assertThat(cache.resolve(url, null)).isEqualTo(kubercoins.headOf("master"));
        assertThat(cache.resolve(url, "HEAD")).isEqualTo(kubercoins.headOf("master"));
        assertThat(cache.resolve(url, helm)).isEqualTo(helm);
        assertThat(cache.resolve(url, helm.toUpperCase())).isEqualTo(helm);
        assertThat(cache.resolve(url, helm.substring(0, 9))).isEqualTo(helm);
        assertThat(cache.directoryOf(url)).isDirectory();
        assertThat(cache.directoryOf(url).getFileName().toString()).doesNotContain("kubercoins");
    }

    @Test
    void annotatedAndLightweightTagsResolveToTheirCommit() throws Exception {
        String prod = kubercoins.headOf("prod");
        try (Git served = Git.open(kubercoins.bareDir().toFile());
                RevWalk walk = new RevWalk(served.getRepository())) {
            served.tag()
                    .setName("v1.0")
                    .setAnnotated(true)
                    .setMessage("release 1.0")
                    .setObjectId(walk.parseCommit(served.getRepository().resolve(prod)))
                    .call();
            served.tag()
                    .setName("light")
                    .setAnnotated(false)
                    .setObjectId(walk.parseCommit(served.getRepository().resolve(kubercoins.headOf("helm"))))
                    .call();
        }
        cache.fetch(url, null);
        assertThat(cache.resolve(url, "v1.0"))
                .as("annotated tag peeled to its commit")
                .isEqualTo(prod);
        assertThat(cache.resolve(url, "refs/tags/v1.0")).isEqualTo(prod);
        assertThat(cache.resolve(url, "light")).isEqualTo(kubercoins.headOf("helm"));
    }

    @Test
    void aRevisionThatDoesNotExistIsNamedInTheError() {
        cache.fetch(url, null);
        assertThatThrownBy(() -> cache.resolve(url, "feature/does-not-exist"))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND);
                    assertThat(e.getMessage())
                            .contains("'feature/does-not-exist'")
                            .contains(url)
                            .contains("no branch, tag or commit");
                });
        assertThatThrownBy(() -> cache.resolve(url, "0123456789abcdef0123456789abcdef01234567"))
                .isInstanceOfSatisfying(RepoException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND);
                    assertThat(e.getMessage()).contains("0123456789abcdef0123456789abcdef01234567");
                });
    }

    @Test
    void revisionsThatLookLikeOptionsAreRefusedBeforeAnyLookup() {
        cache.fetch(url, null);
        for (String hostile : List.of("--output=/tmp/x", "-n", "HEAD~1", "master..prod", "a b", "x\nfake")) {
            assertThatThrownBy(() -> cache.resolve(url, hostile))
                    .as(hostile)
                    .isInstanceOfSatisfying(
                            RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
        }
        for (String constraint : List.of("1.*", "^1.2.0", ">=1.0.0 <2.0.0", "~0.3")) {
            assertThatThrownBy(() -> cache.resolve(url, constraint))
                    .as(constraint)
                    .isInstanceOfSatisfying(RepoException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
                        assertThat(e.getMessage()).contains("version constraint");
                    });
        }
    }

    @Test
    void aNewCommitOnTheServerShowsUpAfterTheNextFetchAndDeletedBranchesArePruned() throws IOException {
        cache.fetch(url, null);
        String before = cache.resolve(url, "stage");
        String after = kubercoins.replaceInFile(
                "stage",
                "worker-deployment.yaml",
                "dockercoins/worker:v0.1",
                "dockercoins/worker:v0.3",
                "worker: v0.3");
        assertThat(cache.resolve(url, "stage")).as("offline until fetched").isEqualTo(before);

        FetchResult second = cache.fetch(url, null);
        assertThat(second.updatedRefs()).isEqualTo(1);
        assertThat(cache.resolve(url, "stage")).isEqualTo(after);
        assertThat(cache.fetch(url, null).changed()).as("nothing new").isFalse();

        String temporary = TreeCommit.tree().file("a.yaml", "x: 1\n").commitTo(kubercoins.bareDir(), "temporary");
        cache.fetch(url, null);
        assertThat(cache.resolve(url, "temporary")).isEqualTo(temporary);
        try (Repository served = Git.open(kubercoins.bareDir().toFile()).getRepository()) {
            RefUpdate delete = served.updateRef(Constants.R_HEADS + "temporary");
            delete.setForceUpdate(true);
            assertThat(delete.delete()).isEqualTo(RefUpdate.Result.FORCED);
        }
        cache.fetch(url, null);
        assertThatThrownBy(() -> cache.resolve(url, "temporary"))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND));
    }

    @Test
    void aClonePushedToOftenIsRepackedAndACommitAForcePushOrphanedStillReads() throws IOException {
        cache.fetch(url, null);
        String first = TreeCommit.tree().file("app/cm.yaml", "n: 0\n").commitTo(kubercoins.bareDir(), "often");
        cache.fetch(url, null);
        RepoSnapshot opened = cache.snapshot(url, first);
        assertThat(new String(opened.readFile("app/cm.yaml", 100), StandardCharsets.UTF_8))
                .isEqualTo("n: 0\n");
        // Each push force-moves the branch to an unrelated root commit: every earlier commit is orphaned.
        List<String> pushed = new ArrayList<>();
        for (int i = 1; i <= 3 * RepoCache.PACK_LIMIT; i++) {
            TreeCommit tree = TreeCommit.tree().file("app/cm.yaml", "n: " + i + "\n");
            pushed.add(tree.commitTo(kubercoins.bareDir(), "often")); // a root commit: the previous is orphaned
            assertThat(cache.fetch(url, null).updatedRefs()).isEqualTo(1);
        }
        assertThat(cache.clone(url).repacks)
                .as("one repack per %d fetches", RepoCache.PACK_LIMIT)
                .isEqualTo(3);
        int before = packsIn(cache.directoryOf(url));
        assertThat(new String(opened.readFile("app/cm.yaml", 100), StandardCharsets.UTF_8))
                .as("a snapshot of the orphaned commit, opened before the repacks, reads through them")
                .isEqualTo("n: 0\n");
        assertThat(new String(cache.snapshot(url, first).readFile("app/cm.yaml", 100), StandardCharsets.UTF_8))
                .as("the replaced packs stay their grace period, so the orphaned commit still reads")
                .isEqualTo("n: 0\n");
        for (int i = 0; i < pushed.size(); i += 7) {
            assertThat(new String(
                            cache.snapshot(url, pushed.get(i)).readFile("app/cm.yaml", 100), StandardCharsets.UTF_8))
                    .isEqualTo("n: " + (i + 1) + "\n");
        }
        assertThat(cache.resolve(url, "often")).isEqualTo(pushed.get(pushed.size() - 1));
        assertThat(cache.resolve(url, "prod")).isEqualTo(kubercoins.headOf("prod"));
        assertThat(before).as("packs").isGreaterThan(0);
    }

    private static int packsIn(Path clone) throws IOException {
        try (Stream<Path> files = Files.list(clone.resolve("objects/pack"))) {
            return (int) files.filter(f -> f.toString().endsWith(".pack")).count();
        }
    }

    @Test
    void headFollowsTheServersDefaultBranch() throws IOException {
        String prod = kubercoins.replaceInFile(
                "prod", "worker-deployment.yaml", "dockercoins/worker:v0.1", "dockercoins/worker:v0.2", "worker: v0.2");
        cache.fetch(url, null);
        assertThat(cache.resolve(url, "HEAD")).isEqualTo(kubercoins.headOf("master"));
        try (Repository served = Git.open(kubercoins.bareDir().toFile()).getRepository()) {
            served.updateRef(Constants.HEAD).link(Constants.R_HEADS + "prod");
        }
        cache.fetch(url, null);
        assertThat(cache.resolve(url, "HEAD")).isEqualTo(prod);
        assertThat(cache.resolve(url, "")).isEqualTo(prod);
    }

    @Test
    void aRepositoryWhoseHeadNamesNoBranchStillFetchesItsBranches() {
        Path bare = server.addAnonymous("renamed-default"); // HEAD -> master, which never gets created
        String main = TreeCommit.tree().file("cm.yaml", "x: 1\n").commitTo(bare, "main");
        String renamed = server.url("renamed-default");
        cache.fetch(renamed, null);
        assertThat(cache.resolve(renamed, "main")).isEqualTo(main);
        assertThatThrownBy(() -> cache.resolve(renamed, "HEAD")).isInstanceOfSatisfying(RepoException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND);
            assertThat(e.getMessage()).contains("has no default branch");
        });

        server.addAnonymous("empty");
        String empty = server.url("empty");
        assertThat(cache.fetch(empty, null).updatedRefs()).isZero();
        assertThatThrownBy(() -> cache.resolve(empty, "main"))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVISION_NOT_FOUND));
    }

    @Test
    void concurrentResolvesOfOneRepositoryInOneRoundFetchExactlyOnce() throws Exception {
        RequestCounts before = server.requests(kubercoins.name());
        FetchRound round = cache.newRound();
        List<String> branches = List.of("master", "prod", "stage", "helm", "kustomize");
        int callers = 24;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String branch = branches.get(i % branches.size());
                results.add(pool.submit(() -> {
                    go.await();
                    return round.resolve(url, branch, null);
                }));
            }
            go.countDown();
            for (int i = 0; i < callers; i++) {
                assertThat(results.get(i).get(60, TimeUnit.SECONDS))
                        .isEqualTo(kubercoins.headOf(branches.get(i % branches.size())));
            }
        } finally {
            pool.shutdownNow();
        }
        RequestCounts during = server.requests(kubercoins.name()).minus(before);
        assertThat(during.infoRefs())
                .as("one ref advertisement = one fetch for %d callers", callers)
                .isEqualTo(1);
        assertThat(round.repositories()).isEqualTo(1);

        // The next round fetches again, once.
        FetchRound next = cache.newRound();
        next.resolve(url, "prod", null);
        next.resolve(url, "stage", null);
        assertThat(server.requests(kubercoins.name()).minus(before).infoRefs()).isEqualTo(2);
    }

    @Test
    void aBurstOfRefreshesOfOneRepositoryCostsAtMostTwoFetches() throws Exception {
        RequestCounts before = server.requests(kubercoins.name());
        int callers = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<FetchResult>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return cache.fetch(url, null); // what a refresh annotation on each of 16 apps asks for
                }));
            }
            go.countDown();
            for (Future<FetchResult> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        // Callers that asked before a fetch started share it; the rest share the next one.
        assertThat(server.requests(kubercoins.name()).minus(before).infoRefs()).isBetween(1L, 2L);

        // A refresh asked after the last fetch ended fetches again: a push in between is seen.
        String newer = kubercoins.replaceInFile(
                "stage", "worker-deployment.yaml", "dockercoins/worker:v0.1", "dockercoins/worker:v0.2", "worker v0.2");
        cache.fetch(url, null);
        assertThat(cache.resolve(url, "stage")).isEqualTo(newer);
    }

    @Test
    void aRefreshIsServedByAnyFetchThatStartedAfterItWasAskedFor() {
        long asked = System.nanoTime(); // the refresh annotation is set on an app
        cache.fetch(url, null); // a fetch for another app's refresh starts (and ends) after that
        RequestCounts before = server.requests(kubercoins.name());
        assertThat(cache.newRound(asked).resolve(url, "stage", null)).isEqualTo(kubercoins.headOf("stage"));
        assertThat(server.requests(kubercoins.name()).minus(before).infoRefs())
                .as("the app's refresh, reconciled late, needs no fetch of its own")
                .isZero();

        // A push, then a refresh asked now: no fetch started after it yet, so it fetches and sees the push.
        String newer = kubercoins.replaceInFile(
                "stage", "worker-deployment.yaml", "dockercoins/worker:v0.1", "dockercoins/worker:v0.2", "worker v0.2");
        RequestCounts pushed = server.requests(kubercoins.name());
        assertThat(cache.newRound(System.nanoTime()).resolve(url, "stage", null))
                .isEqualTo(newer);
        assertThat(server.requests(kubercoins.name()).minus(pushed).infoRefs()).isEqualTo(1);
    }

    @Test
    void aRoundResolvesARevisionOnceUntilTheNextFetch() {
        FetchRound round = cache.newRound();
        String first = round.resolve(url, "stage", null);
        assertThat(round.resolve(url, "stage", null)).isEqualTo(first);

        // A refresh of another app fetches a push in its own round: this round's answer moves with the ref.
        String newer = kubercoins.replaceInFile(
                "stage", "worker-deployment.yaml", "dockercoins/worker:v0.1", "dockercoins/worker:v0.2", "worker v0.2");
        assertThat(cache.newRound(System.nanoTime()).resolve(url, "stage", null))
                .isEqualTo(newer);
        assertThat(round.resolve(url, "stage", null))
                .as("resolved again after the fetch moved stage")
                .isEqualTo(newer)
                .isNotEqualTo(first);
    }

    @Test
    void protectedRepositoryNeedsTheRightCredentialsAndErrorsNeverShowThem() throws IOException {
        FixtureRepository secured = FixtureRepository.create(
                server, "private", FixtureRepository.locateFixtures(), "alice", "correct-horse-battery");
        try {
            String privateUrl = secured.url();
            assertThatThrownBy(() -> cache.fetch(privateUrl, null)).isInstanceOfSatisfying(RepoException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                assertThat(e.getMessage()).contains(privateUrl).contains("requires credentials");
            });

            String wrong = "wrong-password-4711";
            assertThatThrownBy(() -> cache.fetch(privateUrl, Credentials.basic("alice", wrong)))
                    .isInstanceOfSatisfying(RepoException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                        assertThat(e.getMessage()).contains("refused the configured credentials");
                        assertThat(fullText(e)).doesNotContain(wrong);
                    });

            String inUrl = privateUrl.replace("http://", "http://alice:" + wrong + "@");
            assertThatThrownBy(() -> cache.fetch(inUrl, null)).isInstanceOfSatisfying(RepoException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                assertThat(fullText(e)).doesNotContain(wrong).doesNotContain("alice:");
            });

            // The controller's way: credentials from an Argo-style repository Secret.
            ObjectNode secret = Scenarios.YAML.createObjectNode();
            secret.putObject("metadata")
                    .put("name", "private-repo")
                    .putObject("labels")
                    .put(CredentialsResolver.SECRET_TYPE_LABEL, "repository");
            ObjectNode data = secret.putObject("data");
            data.put("url", b64(privateUrl));
            data.put("username", b64("alice"));
            data.put("password", b64("correct-horse-battery"));
            Credentials credentials =
                    new CredentialsResolver(List.of(secret)).forUrl(privateUrl).orElseThrow();
            cache.fetch(privateUrl, credentials);
            assertThat(cache.resolve(privateUrl, "prod")).isEqualTo(secured.headOf("prod"));
        } finally {
            secured.close();
        }
    }

    @Test
    void aRoundRemembersAFailureInsteadOfAskingTheServerAgain() throws IOException {
        FixtureRepository secured =
                FixtureRepository.create(server, "locked", FixtureRepository.locateFixtures(), "bob", "pw-locked-1");
        try {
            FetchRound round = cache.newRound();
            RequestCounts before = server.requests("locked");
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> round.resolve(secured.url(), "prod", null))
                        .isInstanceOfSatisfying(
                                RepoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION));
            }
            RequestCounts during = server.requests("locked").minus(before);
            assertThat(during.unauthorized())
                    .as("one refused attempt for three requests")
                    .isEqualTo(1);
        } finally {
            secured.close();
        }
    }

    @Test
    void hostileUrlsAreRefusedBeforeAnythingRuns() throws IOException {
        Path marker = tmp.resolve("pwned");
        List<String> hostile = List.of(
                "--upload-pack=touch " + marker,
                "--upload-pack=touch%20" + marker,
                "ext::sh -c touch% " + marker,
                "ext::sh",
                "file://" + kubercoins.bareDir(),
                kubercoins.bareDir().toString(),
                "-oProxyCommand=touch:" + marker);
        for (String bad : hostile) {
            assertThatThrownBy(() -> cache.fetch(bad, null)).as(bad).isInstanceOfSatisfying(RepoException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.INVALID_URL);
                assertThat(e.getMessage()).contains("is not allowed");
            });
            assertThatThrownBy(() -> cache.newRound().resolve(bad, "HEAD", null))
                    .as(bad)
                    .isInstanceOf(RepoException.class);
        }
        assertThat(marker).doesNotExist();
        Path root = tmp.resolve("cache");
        try (Stream<Path> clones = Files.exists(root) ? Files.list(root) : Stream.empty()) {
            assertThat(clones).as("no clone was even created").isEmpty();
        }
    }

    @Test
    void sshUrlsAreValidButNotSupportedYet() {
        for (String ssh : List.of(
                "git@github.com:argoproj/argocd-example-apps.git",
                "ssh://git@github.com/argoproj/argocd-example-apps.git")) {
            assertThatThrownBy(() -> cache.fetch(ssh, Credentials.sshKey("git", "-----BEGIN KEY-----")))
                    .isInstanceOfSatisfying(RepoException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
                        assertThat(e.getMessage()).contains("not supported yet").doesNotContain("BEGIN KEY");
                    });
        }
    }

    @Test
    void anUnreachableServerIsATransportErrorAndResolveBeforeFetchSaysSo() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String down = "http://user:pw-down-77@127.0.0.1:" + port + "/gone.git";
        assertThatThrownBy(() -> cache.fetch(down, null)).isInstanceOfSatisfying(RepoException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.TRANSPORT);
            assertThat(fullText(e)).contains("127.0.0.1:" + port).doesNotContain("pw-down-77");
        });
        assertThatThrownBy(() -> cache.resolve(url, "prod"))
                .isInstanceOfSatisfying(
                        RepoException.class, e -> assertThat(e.getMessage()).contains("has not been fetched yet"));
    }

    /** Message and every cause's message and string form, as a log line with stack trace would show. */
    static String fullText(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(t).append('\n');
        }
        return out.toString();
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void credentialsAreNeverGivenToAnotherHostARedirectNames() throws Exception {
        // The second server stands for an attacker's host (or a metadata service) that a redirect points at:
        // it asks for Basic credentials and records any it gets.
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                received.add(auth);
            }
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"other\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirecting.createContext("/", exchange -> {
            exchange.getResponseHeaders()
                    .add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + exchange.getRequestURI());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        other.start();
        redirecting.start();
        try {
            String moved = "http://127.0.0.1:" + redirecting.getAddress().getPort() + "/team/app.git";
            assertThatThrownBy(() -> cache.fetch(moved, Credentials.basic("deployer", "s3cret-token-77")))
                    .isInstanceOf(RepoException.class)
                    .hasMessageContaining("redirected to http://127.0.0.1:"
                            + other.getAddress().getPort())
                    .hasMessageContaining("configure the repository by the URL it redirects to")
                    .hasMessageNotContaining("s3cret-token-77");
            assertThatThrownBy(() -> RepoCache.testConnection(
                            moved, Credentials.basic("deployer", "s3cret-token-77"), Duration.ofSeconds(10)))
                    .isInstanceOf(RepoException.class);
            assertThat(received)
                    .as("no Authorization header reached the other host")
                    .isEmpty();
        } finally {
            redirecting.stop(0);
            other.stop(0);
        }
    }
}
