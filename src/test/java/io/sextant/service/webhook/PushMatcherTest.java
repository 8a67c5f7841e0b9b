package io.sextant.service.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sextant.model.Application;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which apps a push refreshes: any of an app's sources counts, a ref source that only lends value files too. */
class PushMatcherTest {

    private static Application app(String yaml) {
        return Serialization.unmarshal(yaml, Application.class);
    }

    private static final Application SINGLE = app("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: single}
            spec:
              source: {repoURL: 'https://git.example/team/app.git', path: k8s, targetRevision: main}
            """);

    private static final Application MULTI = app("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: multi}
            spec:
              sources:
              - {repoURL: 'https://charts.example/stable', chart: web, targetRevision: 1.2.0,
                 helm: {valueFiles: [$values/web/values.yaml]}}
              - {repoURL: 'https://git.example/team/values.git', targetRevision: main, ref: values}
            """);

    @Test
    void aPushToTheValuesRepositoryOfARefSourceRefreshesTheApp() {
        PushEvent push = new PushEvent("github", List.of("https://git.example/team/values"), List.of("main"), "main");
        assertThat(PushMatcher.matching(push, List.of(SINGLE, MULTI))).containsExactly(MULTI);
    }

    @Test
    void aPushToAnotherBranchOfTheValuesRepositoryDoesNot() {
        PushEvent push =
                new PushEvent("github", List.of("https://git.example/team/values.git"), List.of("dev"), "main");
        assertThat(PushMatcher.matching(push, List.of(SINGLE, MULTI))).isEmpty();
    }

    @Test
    void aSingleSourceAppStillMatchesItsOwnRepository() {
        PushEvent push = new PushEvent("gitlab", List.of("https://git.example/team/app.git"), List.of("main"), "main");
        assertThat(PushMatcher.matching(push, List.of(SINGLE, MULTI))).containsExactly(SINGLE);
    }
}
