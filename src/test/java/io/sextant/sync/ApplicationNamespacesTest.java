package io.sextant.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which namespaces' Applications are served: the control plane always, names and globs; regular expressions refused. */
class ApplicationNamespacesTest {

    @Test
    void theControlPlaneAndMatchingNamespacesAreServedOthersNot() {
        ApplicationNamespaces ns = new ApplicationNamespaces("sextant", List.of("argocd", " team-* ", ""));
        assertThat(ns.anyOther()).isTrue();
        assertThat(ns.enabled("sextant")).isTrue();
        assertThat(ns.enabled("argocd")).isTrue();
        assertThat(ns.enabled("team-a")).isTrue();
        assertThat(ns.enabled("argocd2")).isFalse();
        assertThat(ns.enabled("kube-system")).isFalse();
        assertThat(new ApplicationNamespaces("sextant", List.of()).anyOther()).isFalse();
    }

    @Test
    void aRegularExpressionIsRefusedNotReadAsAGlob() {
        assertThatThrownBy(() -> new ApplicationNamespaces("sextant", List.of("/^team-.*$/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("regular expression")
                .hasMessageContaining("names or globs");
    }
}
