package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sextant.auth.AuthenticationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Password login against a real API server, as the login endpoint will use it. */
class LoginServiceTest {

    private TestCluster cluster;
    private AuthFixture auth;
    private String adminPassword;

    @BeforeEach
    void bootstrapped() {
        cluster = TestCluster.create();
        // A 2 s window instead of 300 s, so the test can watch it pass.
        auth = new AuthFixture(
                cluster, Clock.systemUTC(), new LoginThrottle(5, Duration.ofSeconds(2), 10_000, Clock.systemUTC()));
        auth.initialAdmin.ensureBootstrap();
        adminPassword = auth.adminInitialPassword();
    }

    @AfterEach
    void cleanUp() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theRightPasswordGivesATokenThatNamesTheUser() {
        String token = auth.login.login("admin", adminPassword);

        VerifiedToken verified = auth.login.verify(token);
        assertThat(verified.username()).isEqualTo("admin");
        assertThat(Duration.between(verified.issuedAt(), verified.expiresAt())).isEqualTo(Duration.ofHours(24));
        assertThat(token).doesNotContain(adminPassword);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        assertThatThrownBy(() -> auth.login.login("admin", "wrong-password"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Invalid username or password")
                .satisfies(
                        e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.INVALID_CREDENTIALS));
        assertThatThrownBy(() -> auth.login.login("nobody", adminPassword))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Invalid username or password")
                .satisfies(
                        e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.INVALID_CREDENTIALS));
        // A blank password is refused as Argo CD refuses it, before anything is looked up.
        assertThatThrownBy(() -> auth.login.login("admin", null)).hasMessage("Blank passwords are not allowed");
        assertThatThrownBy(() -> auth.login.login(null, "x")).hasMessage("Blank user names are not allowed");
    }

    @Test
    void fiveFailuresRefuseEvenTheRightPasswordUntilTheWindowPasses() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> auth.login.login("admin", "guess")).hasMessage("Invalid username or password");
        }

        assertThatThrownBy(() -> auth.login.login("admin", adminPassword))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage(AuthenticationException.THROTTLED_MESSAGE)
                .satisfies(
                        e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.THROTTLED));

        String token = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .ignoreException(AuthenticationException.class)
                .until(() -> auth.login.login("admin", adminPassword), t -> t != null);
        assertThat(auth.login.verify(token).username()).isEqualTo("admin");
    }

    /**
     * The security review's M6: a burst of parallel guesses for one name. Counting happens before the
     * password check, so at most 5 guesses are checked, and every one of them counts; the rest are
     * refused as throttled (at most a few checks run at once).
     */
    @Test
    void blankPasswordsAndOverlongNamesAreRefusedBeforeAnyCheckAndCountForNothing() {
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> auth.login.login("admin", "")).hasMessage("Blank passwords are not allowed");
            assertThatThrownBy(() -> auth.login.login("admin", null)).hasMessage("Blank passwords are not allowed");
            assertThatThrownBy(() -> auth.login.login("", "x")).hasMessage("Blank user names are not allowed");
            assertThatThrownBy(() -> auth.login.login("a".repeat(33), "x"))
                    .hasMessage("username exceeds maximum length of 32 characters");
            assertThatThrownBy(() -> auth.login.login("é".repeat(17), "x"))
                    .as("34 bytes of UTF-8")
                    .hasMessage("username exceeds maximum length of 32 characters");
        }
        // None of those 100 reached the throttle: admin is not locked out.
        assertThat(auth.login.login("admin", adminPassword)).isNotBlank();
    }

    /**
     * Anchor cases 14 and 27: failures spread over replicas add up, a lockout reached on one replica holds on
     * the others and on a replica started afterwards (a restart) until its window ends, and failures
     * counted before a restart still count after it.
     */
    @Test
    void failuresAddUpAcrossReplicasAndRestartsAndALockoutHoldsEverywhereUntilItsWindowEnds() {
        List<LoginLockouts> shared = new ArrayList<>();
        Supplier<AuthFixture> replica = () -> {
            LoginLockouts lockouts = new LoginLockouts(
                    cluster.client, cluster.namespace, Clock.systemUTC(), Duration.ZERO, Duration.ofMillis(50));
            shared.add(lockouts);
            return new AuthFixture(
                    cluster,
                    Clock.systemUTC(),
                    new LoginThrottle(5, Duration.ofSeconds(6), 10_000, Clock.systemUTC(), lockouts));
        };
        try {
            AuthFixture first = replica.get();
            AuthFixture second = replica.get();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> first.login.login("admin", "wrong"))
                        .hasMessage("Invalid username or password");
            }
            awaitSharedCount(3);
            assertThatThrownBy(() -> second.login.login("admin", "wrong")).hasMessage("Invalid username or password");
            awaitSharedCount(4);
            // Four failures on two replicas, then a restart: the fifth, on the new process, locks the name.
            AuthFixture restarted = replica.get();
            assertThatThrownBy(() -> restarted.login.login("admin", "wrong"))
                    .hasMessage("Invalid username or password");
            assertThatThrownBy(() -> restarted.login.login("admin", adminPassword))
                    .hasMessage(AuthenticationException.THROTTLED_MESSAGE);
            assertThatThrownBy(() -> first.login.login("admin", adminPassword))
                    .hasMessage(AuthenticationException.THROTTLED_MESSAGE);
            assertThatThrownBy(() -> second.login.login("admin", adminPassword))
                    .hasMessage(AuthenticationException.THROTTLED_MESSAGE);
            AuthFixture later = replica.get();
            assertThatThrownBy(() -> later.login.login("admin", adminPassword))
                    .hasMessage(AuthenticationException.THROTTLED_MESSAGE);
            assertThat(cluster.client
                            .configMaps()
                            .inNamespace(cluster.namespace)
                            .withName(LoginLockouts.CONFIG_MAP)
                            .get()
                            .getData())
                    .isNotEmpty()
                    .doesNotContainKey("admin")
                    .allSatisfy((k, v) -> assertThat(k).matches("(n\\.|f\\.)[0-9a-f]{32}(\\.[0-9a-f]{8})?"));

            String token = await().atMost(Duration.ofSeconds(15))
                    .ignoreExceptionsInstanceOf(AuthenticationException.class)
                    .until(() -> later.login.login("admin", adminPassword), t -> t != null);
            assertThat(token).isNotBlank();
            // The success cleared every replica's count: four failures now lock nothing.
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(sharedCounts()).isZero());
            for (int i = 0; i < 4; i++) {
                int n = i;
                assertThatThrownBy(() -> first.login.login("admin", "wrong"))
                        .as(
                                "failure %d, shared %s",
                                n,
                                cluster.client
                                        .configMaps()
                                        .inNamespace(cluster.namespace)
                                        .withName(LoginLockouts.CONFIG_MAP)
                                        .get()
                                        .getData())
                        .hasMessage("Invalid username or password");
            }
            assertThat(second.login.login("admin", adminPassword)).isNotBlank();
        } finally {
            shared.forEach(LoginLockouts::close);
        }
    }

    /** The failures of every replica as written in the shared ConfigMap (keys {@code f.<hash>.<replica>}). */
    private int sharedCounts() {
        var cm = cluster.client
                .configMaps()
                .inNamespace(cluster.namespace)
                .withName(LoginLockouts.CONFIG_MAP)
                .get();
        if (cm == null || cm.getData() == null) {
            return 0;
        }
        return cm.getData().entrySet().stream()
                .filter(e -> e.getKey().startsWith("f."))
                .mapToInt(e -> Integer.parseInt(e.getValue().split(" ")[0]))
                .sum();
    }

    private void awaitSharedCount(int n) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sharedCounts()).isEqualTo(n));
    }

    @Test
    void aParallelBurstOfGuessesGetsAtMostFivePasswordChecks() throws Exception {
        int n = 50;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reason>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                try {
                    auth.login.login("admin", "guess");
                    return null;
                } catch (AuthenticationException e) {
                    return e.reason();
                }
            }));
        }
        start.countDown();
        int checked = 0;
        for (var answer : answers) {
            Reason r = answer.get(60, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            if (r == Reason.INVALID_CREDENTIALS) {
                checked++;
            }
        }
        pool.shutdown();
        assertThat(checked).as("guesses whose password was checked").isBetween(1, 5);
        // Every checked guess was counted: the name locks after exactly 5 in all.
        int more = 0;
        while (more < 10) {
            try {
                auth.login.login("admin", "guess");
            } catch (AuthenticationException e) {
                if (e.reason() == Reason.THROTTLED) {
                    break;
                }
            }
            more++;
        }
        assertThat(checked + more).isEqualTo(5);
        assertThatThrownBy(() -> auth.login.login("admin", adminPassword))
                .hasMessage(AuthenticationException.THROTTLED_MESSAGE);
    }

    @Test
    void unknownUsersAreThrottledJustLikeRealOnes() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> auth.login.login("ghost", "guess")).hasMessage("Invalid username or password");
        }
        assertThatThrownBy(() -> auth.login.login("ghost", "guess"))
                .hasMessage(AuthenticationException.THROTTLED_MESSAGE);
        // Other names are not affected.
        assertThat(auth.login.login("admin", adminPassword)).isNotBlank();
    }

    @Test
    void aDisabledAdminCannotLogInAndItsTokensStopWorking() {
        String token = auth.login.login("admin", adminPassword);

        cluster.settings(Map.of("admin.enabled", "false"));

        assertThatThrownBy(() -> auth.login.login("admin", adminPassword)).hasMessage("Invalid username or password");
        assertThatThrownBy(() -> auth.login.verify(token))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Invalid token");
    }

    @Test
    void anAccountFromSextantCmLogsInOnceItHasAPassword() {
        cluster.settings(Map.of("accounts.alice", "apiKey, login"));
        assertThatThrownBy(() -> auth.login.login("alice", "no-password-yet"))
                .hasMessage("Invalid username or password");

        auth.store.setPassword("alice", "alice-password");

        String token = auth.login.login("alice", "alice-password");
        assertThat(auth.login.verify(token).username()).isEqualTo("alice");
        assertThat(cluster.secretData(AccountStore.SECRET))
                .containsKeys("accounts.alice.password", "accounts.alice.passwordMtime");
    }

    @Test
    void anApiKeyOnlyAccountCannotLogInWithAPassword() {
        cluster.settings(Map.of("accounts.ci", "apiKey"));
        auth.store.setPassword("ci", "ci-password-1");

        assertThatThrownBy(() -> auth.login.login("ci", "ci-password-1")).hasMessage("Invalid username or password");
    }

    @Test
    void aDisabledAccountCannotLogIn() {
        cluster.settings(Map.of("accounts.bob", "login", "accounts.bob.enabled", "false"));
        auth.store.setPassword("bob", "bob-password");

        assertThatThrownBy(() -> auth.login.login("bob", "bob-password")).hasMessage("Invalid username or password");
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndOnlyTheNewOneWorksAfterwards() {
        assertThatThrownBy(() -> auth.store.changePassword("admin", "not-current", "new-password-1"))
                .isInstanceOf(AuthenticationException.class);

        auth.store.changePassword("admin", adminPassword, "new-password-1");

        assertThatThrownBy(() -> auth.login.login("admin", adminPassword)).hasMessage("Invalid username or password");
        assertThat(auth.login.login("admin", "new-password-1")).isNotBlank();
    }

    @Test
    void passwordsOfUnknownAccountsCannotBeSet() {
        assertThatThrownBy(() -> auth.store.setPassword("nobody", "some-password"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(cluster.secretData(AccountStore.SECRET)).doesNotContainKey("accounts.nobody.password");
    }
}
