package io.sextant.embedded;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The server as the real git client and a raw HTTP peer see it. */
class GitHttpServerTest extends ServedKubercoins {

    @Test
    void anonymousCloneShowsTheWorkshopBranchesAndTheWorkerImageOnLine18OfStage() throws IOException {
        assertTrue(kubercoins.url().matches("http://127\\.0\\.0\\.1:\\d+/kubercoins\\.git"), kubercoins.url());
        git.run(tmp, "clone", kubercoins.url(), "kubercoins").ok();
        Path clone = tmp.resolve("kubercoins");

        List<String> remoteBranches = git.run(clone, "branch", "-r").ok().lines().stream()
                .map(String::trim)
                .toList();
        for (String branch : List.of("master", "prod", "stage", "helm", "kustomize")) {
            assertTrue(remoteBranches.contains("origin/" + branch), "branch " + branch + " in " + remoteBranches);
        }
        assertEquals(
                "master",
                git.run(clone, "rev-parse", "--abbrev-ref", "HEAD").ok().out().trim());
        assertTrue(Files.exists(clone.resolve("worker-deployment.yaml")), "plain manifests at the root of master");

        git.run(clone, "checkout", "-q", "stage").ok();
        List<String> worker = Files.readAllLines(clone.resolve("worker-deployment.yaml"));
        assertEquals("      - image: dockercoins/worker:v0.1", worker.get(17), "line 18 of worker-deployment.yaml");

        git.run(clone, "checkout", "-q", "helm").ok();
        assertTrue(Files.exists(clone.resolve("generic-service/Chart.yaml")));
        assertTrue(Files.exists(clone.resolve("values/worker.yaml")));
        assertFalse(Files.exists(clone.resolve("worker-deployment.yaml")));

        git.run(clone, "checkout", "-q", "kustomize").ok();
        assertTrue(Files.exists(clone.resolve("kustomization.yaml")));
    }

    @Test
    void protectedRepositoryWantsTheRightCredentials() throws IOException {
        FixtureRepository secret =
                FixtureRepository.create(server, "secret", FixtureRepository.locateFixtures(), "alice", "s3cret-pass");
        try {
            GitCli.Result anonymous = git.run(tmp, "clone", secret.url(), "anonymous");
            assertNotEquals(0, anonymous.exit());
            // With prompts disabled git cannot even ask for a username; either wording means "refused".
            assertTrue(
                    anonymous.err().contains("Authentication failed")
                            || anonymous.err().contains("could not read Username"),
                    anonymous.err());
            assertFalse(Files.exists(tmp.resolve("anonymous/worker-deployment.yaml")));

            GitCli.Result wrong =
                    git.run(tmp, "clone", GitCli.withCredentials(secret.url(), "alice", "wrong"), "wrong");
            assertNotEquals(0, wrong.exit());
            assertTrue(wrong.err().contains("Authentication failed"), wrong.err());
            assertFalse(Files.exists(tmp.resolve("wrong/worker-deployment.yaml")));

            GitCli.Result wrongUser =
                    git.run(tmp, "clone", GitCli.withCredentials(secret.url(), "mallory", "s3cret-pass"), "wrong-user");
            assertTrue(wrongUser.err().contains("Authentication failed"), wrongUser.err());

            String withCredentials = GitCli.withCredentials(secret.url(), "alice", "s3cret-pass");
            git.run(tmp, "clone", withCredentials, "right").ok();
            Path clone = tmp.resolve("right");
            assertTrue(Files.exists(clone.resolve("worker-deployment.yaml")));

            // The right credentials also push.
            Files.writeString(clone.resolve("NOTES.md"), "pushed by alice\n");
            git.run(clone, "add", "NOTES.md").ok();
            git.run(clone, "commit", "-q", "-m", "add notes").ok();
            git.run(clone, "push", "-q", "origin", "master").ok();
            assertEquals(git.run(clone, "rev-parse", "HEAD").ok().out().trim(), secret.headOf("master"));

            // What the client was told: a Basic challenge, 401 for a wrong password too, never 403.
            String infoRefs = "/secret.git/info/refs?service=git-upload-pack";
            RawHttp.Response challenge = RawHttp.get(server.port(), infoRefs);
            assertEquals(401, challenge.status());
            assertTrue(
                    challenge.text().contains("Www-authenticate: Basic realm=\"Sextant git\"")
                            || challenge.text().toLowerCase().contains("www-authenticate: basic realm="),
                    challenge.text());
            String badAuth = Base64.getEncoder().encodeToString("alice:nope".getBytes(StandardCharsets.UTF_8));
            RawHttp.Response refused = RawHttp.send(
                    server.port(),
                    "GET " + infoRefs + " HTTP/1.1\r\nHost: x\r\n" + "Authorization: Basic " + badAuth
                            + "\r\nConnection: close\r\n\r\n");
            assertEquals(401, refused.status());
            assertTrue(
                    server.requests("secret").unauthorized() >= 3,
                    server.requests("secret").toString());
        } finally {
            secret.close();
        }
    }

    @Test
    void aPushThroughTheServerLandsInTheBareRepository() throws IOException {
        git.run(tmp, "clone", "-q", "-b", "stage", kubercoins.url(), "work").ok();
        Path clone = tmp.resolve("work");
        Path worker = clone.resolve("worker-deployment.yaml");
        Files.writeString(worker, Files.readString(worker).replace("replicas: 1", "replicas: 2"));
        git.run(clone, "commit", "-q", "-am", "scale worker to 2").ok();
        String pushed = git.run(clone, "rev-parse", "HEAD").ok().out().trim();
        RequestCounts before = server.requests("kubercoins");

        GitCli.Result push = git.run(clone, "push", "origin", "stage");
        push.ok();

        assertEquals(pushed, kubercoins.headOf("stage"));
        assertEquals(
                pushed,
                git.run(tmp, "--git-dir=" + kubercoins.bareDir(), "rev-parse", "refs/heads/stage")
                        .ok()
                        .out()
                        .trim());
        assertNotEquals(pushed, kubercoins.headOf("prod"), "other branches stay where they were");
        RequestCounts push1 = server.requests("kubercoins").minus(before);
        assertEquals(new RequestCounts(1, 0, 1, 0), push1, "one advertisement and one receive-pack per push");
    }

    @Test
    void aPushLargerThanGitsPostBufferIsStreamedThrough() throws IOException {
        git.run(tmp, "clone", "-q", kubercoins.url(), "big").ok();
        Path clone = tmp.resolve("big");
        byte[] noise = new byte[3 * 1024 * 1024]; // over http.postBuffer (1 MiB): git sends it chunked
        new Random(42).nextBytes(noise);
        Files.write(clone.resolve("blob.bin"), noise);
        git.run(clone, "add", "blob.bin").ok();
        git.run(clone, "commit", "-q", "-m", "a big file").ok();
        git.run(clone, "push", "-q", "origin", "master").ok();
        assertEquals(git.run(clone, "rev-parse", "HEAD").ok().out().trim(), kubercoins.headOf("master"));

        git.run(tmp, "clone", "-q", kubercoins.url(), "big-again").ok();
        assertEquals(noise.length, Files.size(tmp.resolve("big-again/blob.bin")));
    }

    @Test
    void requestsAreCountedPerRepositoryAndKind() throws IOException {
        server.addAnonymous("empty");
        assertEquals(RequestCounts.NONE, server.requests("kubercoins"));

        git.run(tmp, "ls-remote", kubercoins.url()).ok();
        RequestCounts afterLsRemote = server.requests("kubercoins");
        assertEquals(1, afterLsRemote.infoRefs());
        assertEquals(0, afterLsRemote.receivePack());

        git.run(tmp, "clone", "-q", kubercoins.url(), "counted").ok();
        RequestCounts clone = server.requests("kubercoins").minus(afterLsRemote);
        assertEquals(1, clone.infoRefs(), clone.toString());
        assertTrue(clone.uploadPack() >= 1, clone.toString());
        assertEquals(0, clone.receivePack());

        git.run(tmp.resolve("counted"), "fetch", "-q", "origin").ok();
        RequestCounts fetch = server.requests("kubercoins").minus(afterLsRemote).minus(clone);
        assertEquals(1, fetch.infoRefs(), "one fetch, one advertisement: " + fetch);

        assertEquals(RequestCounts.NONE, server.requests("empty"), "another repository is counted apart");
        assertEquals(RequestCounts.NONE, server.requests("never-registered"));
        assertEquals(2, server.requests().size());
    }

    @Test
    void traversalUrlsGetNoFileContent() throws IOException {
        Files.writeString(server.root().resolve("secret.txt"), "root:x:0:0:do-not-serve\n");
        List<String> hostile = List.of(
                "/../../etc/passwd",
                "/%2e%2e/x.git/info/refs",
                "/%2e%2e/%2e%2e/etc/passwd",
                "/kubercoins.git/../../../etc/passwd",
                "/kubercoins.git/../secret.txt",
                "/kubercoins.git/%2e%2e/secret.txt",
                "/kubercoins.git/..%2fsecret.txt",
                "/..%2f..%2fetc%2fpasswd",
                "/kubercoins.git/config",
                "/kubercoins.git/HEAD",
                "/kubercoins.git/objects/info/packs",
                "/kubercoins.git/info/refs",
                "/kubercoins.git/info/refs?service=../../etc/passwd",
                "/secret.txt",
                "//etc/passwd",
                "/kubercoins.git\\..\\secret.txt");
        for (String target : hostile) {
            RawHttp.Response response = RawHttp.get(server.port(), target);
            assertTrue(response.status() == 400 || response.status() == 404, target + " -> " + response.text());
            assertFalse(response.text().contains("root:"), target + " leaked " + response.text());
            assertFalse(response.text().contains("repositoryformatversion"), target + " leaked " + response.text());
            assertFalse(response.text().contains("refs/heads"), target + " leaked " + response.text());
        }
        assertEquals(0, server.requests("kubercoins").total(), "nothing reached git");
    }

    @Test
    void cgiConversationCarriesProtocolV2GzipAndChunkedBodies() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> advertisement = client.send(
                HttpRequest.newBuilder(URI.create(kubercoins.url() + "/info/refs?service=git-upload-pack"))
                        .header("Git-Protocol", "version=2")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, advertisement.statusCode());
        assertEquals(
                "application/x-git-upload-pack-advertisement",
                advertisement.headers().firstValue("Content-Type").orElse(""));
        assertTrue(advertisement.body().contains("version 2"), advertisement.body());

        // A v2 ls-refs request, gzip-compressed, sent chunked (no Content-Length).
        String request =
                pkt("command=ls-refs\n") + "0001" + pkt("symrefs\n") + pkt("ref-prefix refs/heads/\n") + "0000";
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(request.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] body = gzipped.toByteArray();
        HttpResponse<String> refs = client.send(
                HttpRequest.newBuilder(URI.create(kubercoins.url() + "/git-upload-pack"))
                        .header("Git-Protocol", "version=2")
                        .header("Content-Type", "application/x-git-upload-pack-request")
                        .header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, refs.statusCode(), refs.body());
        assertEquals(
                "application/x-git-upload-pack-result",
                refs.headers().firstValue("Content-Type").orElse(""));
        assertTrue(refs.body().contains(kubercoins.headOf("stage") + " refs/heads/stage"), refs.body());
        assertTrue(refs.body().contains(kubercoins.headOf("helm") + " refs/heads/helm"), refs.body());

        // http-backend's own refusal (415 Unsupported Media Type) comes through with its status.
        HttpResponse<String> wrongType = client.send(
                HttpRequest.newBuilder(URI.create(kubercoins.url() + "/git-upload-pack"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("0000"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, wrongType.statusCode(), wrongType.body());
        HttpResponse<String> get = client.send(
                HttpRequest.newBuilder(URI.create(kubercoins.url() + "/git-upload-pack"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }

    @Test
    void aRequestThatTakesTooLongIsKilledAndTheServerGoesOn() throws Exception {
        try (GitHttpServer quick = GitHttpServer.start(tmp.resolve("quick"), 0, Duration.ofSeconds(2));
                FixtureRepository repo =
                        FixtureRepository.create(quick, "slow", FixtureRepository.locateFixtures(), null, null);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), quick.port())) {
            socket.setSoTimeout(20_000);
            // Promise 1000 bytes of body and send 4: git waits for the rest until the timeout kills it.
            String request = "POST /slow.git/git-upload-pack HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/x-git-upload-pack-request\r\nContent-Length: 1000\r\n\r\n0000";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long started = System.nanoTime();
            String response;
            try (InputStream in = socket.getInputStream()) {
                response = RawHttp.read(in).text();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a hung request open for 20 s", e);
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(elapsedMs >= 1_500 && elapsedMs < 15_000, "ended after " + elapsedMs + " ms");
            assertFalse(response.endsWith("0\r\n\r\n"), "a killed response must not look complete: " + response);

            await("the git process is gone").atMost(Duration.ofSeconds(10)).until(() -> quick.activeProcesses() == 0);
            git.run(tmp, "clone", "-q", repo.url(), "after-timeout").ok();
            assertTrue(Files.exists(tmp.resolve("after-timeout/worker-deployment.yaml")));
        }
    }

    @Test
    void closeStopsServing() throws IOException {
        int port = server.port();
        server.close();
        GitCli.Result clone = git.run(tmp, "clone", "http://127.0.0.1:" + port + "/kubercoins.git", "closed");
        assertNotEquals(0, clone.exit());
        server.close(); // idempotent
    }

    private static String pkt(String line) {
        return String.format("%04x", line.length() + 4) + line;
    }
}
