package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** First start against a real API server: sextant-secret and sextant-initial-admin-secret. */
class InitialAdminTest {

    private TestCluster cluster;
    private AuthFixture auth;

    @BeforeEach
    void namespace() {
        cluster = TestCluster.create();
        auth = new AuthFixture(cluster, Clock.systemUTC());
    }

    @AfterEach
    void cleanUp() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void firstStartWritesBothSecretsAndAdminCanLogInWithThePrintedPassword() {
        InitialAdmin.Result result = auth.initialAdmin.ensureBootstrap();

        assertThat(result).isEqualTo(new InitialAdmin.Result(true, true));
        String password = auth.adminInitialPassword();
        assertThat(password).hasSizeGreaterThanOrEqualTo(16).matches("[A-Za-z0-9]+");
        Map<String, String> secret = cluster.secretData(AccountStore.SECRET);
        assertThat(secret.get("admin.password")).startsWith("$2a$").doesNotContain(password);
        assertThat(Accounts.parseMtime("admin", secret.get("admin.passwordMtime")))
                .isPresent();
        byte[] key =
                TestCluster.base64(cluster.secret(AccountStore.SECRET).getData().get("server.secretkey"));
        assertThat(key.length).isGreaterThanOrEqualTo(32);

        String token = auth.login.login("admin", password);
        assertThat(auth.login.verify(token).username()).isEqualTo("admin");
    }

    @Test
    void aSecondStartChangesNothing() {
        auth.initialAdmin.ensureBootstrap();
        String password = auth.adminInitialPassword();
        String secretVersion = cluster.secret(AccountStore.SECRET).getMetadata().getResourceVersion();
        String initialVersion =
                cluster.secret(InitialAdmin.SECRET).getMetadata().getResourceVersion();

        InitialAdmin.Result again = new AuthFixture(cluster, Clock.systemUTC()).initialAdmin.ensureBootstrap();

        assertThat(again).isEqualTo(new InitialAdmin.Result(false, false));
        assertThat(cluster.secret(AccountStore.SECRET).getMetadata().getResourceVersion())
                .isEqualTo(secretVersion);
        assertThat(cluster.secret(InitialAdmin.SECRET).getMetadata().getResourceVersion())
                .isEqualTo(initialVersion);
        assertThat(auth.adminInitialPassword()).isEqualTo(password);
    }

    @Test
    void aChangedAdminPasswordIsNeverOverwrittenAndTheInitialSecretNotRecreated() {
        auth.initialAdmin.ensureBootstrap();
        auth.store.changePassword("admin", auth.adminInitialPassword(), "my-own-password");
        cluster.client
                .secrets()
                .inNamespace(cluster.namespace)
                .withName(InitialAdmin.SECRET)
                .delete();
        String hash = cluster.secretData(AccountStore.SECRET).get("admin.password");

        InitialAdmin.Result again = auth.initialAdmin.ensureBootstrap();

        assertThat(again).isEqualTo(new InitialAdmin.Result(false, false));
        assertThat(cluster.secretData(AccountStore.SECRET).get("admin.password"))
                .isEqualTo(hash);
        assertThat(cluster.secret(InitialAdmin.SECRET)).isNull();
        assertThat(auth.login.login("admin", "my-own-password")).isNotBlank();
    }

    @Test
    void aMissingSecretKeyIsAddedWithoutTouchingAdmin() {
        String hash = auth.passwords.hash("set-by-the-operator");
        cluster.client
                .secrets()
                .inNamespace(cluster.namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(AccountStore.SECRET)
                        .endMetadata()
                        .withStringData(Map.of(
                                "admin.password",
                                hash,
                                "admin.passwordMtime",
                                "2024-05-01T10:00:00Z",
                                "webhook.github.secret",
                                "keep-me"))
                        .build())
                .create();

        InitialAdmin.Result result = auth.initialAdmin.ensureBootstrap();

        assertThat(result).isEqualTo(new InitialAdmin.Result(true, false));
        Map<String, String> secret = cluster.secretData(AccountStore.SECRET);
        assertThat(secret)
                .containsEntry("admin.password", hash)
                .containsEntry("webhook.github.secret", "keep-me")
                .containsKey("server.secretkey");
        assertThat(cluster.secret(InitialAdmin.SECRET)).isNull();
        assertThat(auth.login.login("admin", "set-by-the-operator")).isNotBlank();
    }

    @Test
    void replicasStartingTogetherAgreeOnOnePassword() throws Exception {
        int replicas = 4;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<InitialAdmin.Result>> results = new ArrayList<>();
        try {
            for (int i = 0; i < replicas; i++) {
                AuthFixture replica = auth.replica();
                results.add(pool.submit(() -> {
                    go.await();
                    return replica.initialAdmin.ensureBootstrap();
                }));
            }
            go.countDown();
            int keys = 0;
            int admins = 0;
            for (Future<InitialAdmin.Result> f : results) {
                InitialAdmin.Result r = f.get();
                keys += r.secretKeyCreated() ? 1 : 0;
                admins += r.adminPasswordCreated() ? 1 : 0;
            }
            assertThat(keys).as("exactly one replica wrote the key").isEqualTo(1);
            assertThat(admins).as("exactly one replica wrote admin's hash").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        String token = auth.login.login("admin", auth.adminInitialPassword());
        assertThat(auth.login.verify(token).username()).isEqualTo("admin");
    }
}
