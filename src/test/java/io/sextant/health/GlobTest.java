package io.sextant.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Glob keys of resource customizations match group/kind as Argo CD's do, and never stall. */
class GlobTest {

    @Test
    void matchesLikeArgoCd() {
        assertThat(Glob.compile("*.aws.crossplane.io/*").matches("ec2.aws.crossplane.io/Instance")).isTrue();
        assertThat(Glob.compile("*.aws.crossplane.io/*").matches("aws.crossplane.io/Instance")).isFalse();
        assertThat(Glob.compile("*").matches("apps/Deployment")).as("* crosses /").isTrue();
        assertThat(Glob.compile("{apps,extensions}/Deploy?ent").matches("extensions/Deployment")).isTrue();
        assertThat(Glob.compile("[a-c]*/Job").matches("batch/Job")).isTrue();
        assertThat(Glob.compile("[!a-c]*/Job").matches("batch/Job")).isFalse();
        assertThat(Glob.compile("a\\*b").matches("a*b")).isTrue();
        assertThat(Glob.compile("a\\*b").matches("axxb")).isFalse();
    }

    @Test
    void pathologicalPatternsStayFast() {
        Glob g = Glob.compile("*a*a*a*a*a*a*a*a*a*a*a*b");
        String text = "a".repeat(300);
        long start = System.nanoTime();
        assertThat(g.matches(text)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        assertThatThrownBy(() -> Glob.compile("{a,b}".repeat(10))).hasMessageContaining("alternatives");
    }
}
