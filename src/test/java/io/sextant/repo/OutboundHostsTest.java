package io.sextant.repo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.repo.git.Credentials;
import io.sextant.repo.git.RepoCache;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Security review L2: the metadata service's addresses and names are never fetched from. */
class OutboundHostsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "https://169.254.1.1:8443/x.git",
            "http://[fe80::1]/repo.git", "http://metadata.google.internal/computeMetadata/v1/",
            "http://METADATA.google.internal./x", "oci://169.254.169.254/charts", "git@169.254.169.254:team/app.git",
            "http://user:pw@169.254.169.254/x.git", "http://0.0.0.0/x.git"})
    void linkLocalMetadataAndUnspecifiedHostsAreRefused(String url) {
        assertThatThrownBy(() -> OutboundHosts.check(url)).isInstanceOf(RepoException.class)
                .hasMessageStartingWith("Sextant does not fetch from host").hasMessageNotContaining("pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:18081/kubercoins.git", "https://github.com/argoproj/argocd-example-apps.git",
            "http://10.0.0.5/git/app.git", "https://git.internal.example/x", "git@github.com:argoproj/x.git",
            "https://no-such-host.invalid/x.git"})
    void loopbackPrivateAndPublicHostsAreAllowed(String url) {
        assertThatCode(() -> OutboundHosts.check(url)).doesNotThrowAnyException();
    }

    @Test
    void gitFetchesAndConnectionTestsAreRefusedBeforeAnyRequest() {
        try (RepoCache cache = new RepoCache(tmp)) {
            assertThatThrownBy(() -> cache.fetch("http://169.254.169.254/x.git", Credentials.basic("u", "secret-9")))
                    .isInstanceOf(RepoException.class).hasMessageContaining("link-local");
        }
        assertThatThrownBy(() -> RepoCache.testConnection("http://169.254.169.254/x.git", null,
                java.time.Duration.ofSeconds(2))).isInstanceOf(RepoException.class).hasMessageContaining("link-local");
    }
}
