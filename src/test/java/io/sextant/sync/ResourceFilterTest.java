package io.sextant.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.model.ResourceKey;
import org.junit.jupiter.api.Test;

class ResourceFilterTest {

    private static final ResourceKey WEB = new ResourceKey("apps", "Deployment", "shop", "web");

    @Test
    void exactMatchAndEmptyNamespaceMatchesAny() {
        assertThat(ResourceFilter.of(WEB).matches(WEB)).isTrue();
        assertThat(new ResourceFilter("apps", "Deployment", "", "web").matches(WEB))
                .isTrue();
        assertThat(new ResourceFilter("apps", "Deployment", "other", "web").matches(WEB))
                .isFalse();
        assertThat(new ResourceFilter("", "Deployment", "shop", "web").matches(WEB))
                .as("group counts")
                .isFalse();
        assertThat(new ResourceFilter("apps", "Deployment", "shop", "we").matches(WEB))
                .isFalse();
    }

    @Test
    void starMatchesAnyRun() {
        assertThat(new ResourceFilter("apps", "*", "shop", "w*b").matches(WEB)).isTrue();
        assertThat(new ResourceFilter("apps", "Deployment", "s*", "*").matches(WEB))
                .isTrue();
        assertThat(new ResourceFilter("apps", "Deployment", "shop", "*x").matches(WEB))
                .isFalse();
        assertThat(ResourceFilter.glob("a*a*a*a*a*b", "a".repeat(5000))).isFalse();
    }

    @Test
    void parsesTheCliForm() {
        assertThat(ResourceFilter.parse("apps:Deployment:shop/web"))
                .isEqualTo(new ResourceFilter("apps", "Deployment", "shop", "web"));
        assertThat(ResourceFilter.parse(":Service:web")).isEqualTo(new ResourceFilter("", "Service", "", "web"));
        assertThatThrownBy(() -> ResourceFilter.parse("Deployment/web"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GROUP:KIND:NAME or GROUP:KIND:NAMESPACE/NAME");
    }
}
