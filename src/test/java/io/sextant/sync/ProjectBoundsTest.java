package io.sextant.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.model.AppProjectSpec;
import io.sextant.model.ApplicationDestination;
import io.sextant.model.ClusterResourceRestriction;
import io.sextant.model.GroupKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AppProject bounds with Argo CD's semantics: repositories, destinations, kinds, negation, missing projects. */
class ProjectBoundsTest {

    private static final String SERVER = ProjectBounds.IN_CLUSTER_SERVER;

    private static ApplicationDestination dest(String server, String name, String namespace) {
        ApplicationDestination d = new ApplicationDestination();
        d.setServer(server);
        d.setName(name);
        d.setNamespace(namespace);
        return d;
    }

    private static <T extends GroupKind> T kind(T gk, String group, String kind) {
        gk.setGroup(group);
        gk.setKind(kind);
        return gk;
    }

    private static AppProjectSpec team() {
        AppProjectSpec spec = new AppProjectSpec();
        spec.setSourceRepos(List.of("https://git.example.com/team/*"));
        spec.setDestinations(List.of(dest(SERVER, null, "team-*")));
        return spec;
    }

    @Test
    void sourceRepositoriesMatchByGlobIgnoringCaseAndGitSuffix() {
        ProjectBounds b = ProjectBounds.of("team", team());
        assertThat(b.checkApplication(List.of("https://git.example.com/team/app.git"), SERVER, null, "team-a"))
                .isEmpty();
        assertThat(b.checkApplication(List.of("HTTPS://git.example.com/Team/app/"), SERVER, null, "team-a"))
                .isEmpty();
        assertThat(b.checkApplication(List.of("https://git.example.com/other/app"), SERVER, null, "team-a"))
                .hasValueSatisfying(m -> assertThat(m)
                        .isEqualTo("application repo https://git.example.com/other/app is not permitted in project "
                                + "'team': add it to the project's sourceRepos"));
    }

    @Test
    void destinationsNeedServerOrNameAndNamespace() {
        ProjectBounds b = ProjectBounds.of("team", team());
        String repo = "https://git.example.com/team/app";
        assertThat(b.checkApplication(List.of(repo), null, "in-cluster", "team-b"))
                .as("in-cluster by name")
                .isEmpty();
        assertThat(b.checkApplication(List.of(repo), SERVER, null, "kube-system"))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("destination")
                        .contains("kube-system")
                        .contains("not permitted in project 'team'"));
        assertThat(b.checkApplication(List.of(repo), "https://elsewhere:6443", null, "team-b"))
                .isPresent();
    }

    @Test
    void negatedPatternsRefuseWhatTheyName() {
        AppProjectSpec spec = new AppProjectSpec();
        spec.setSourceRepos(List.of("*", "!https://git.example.com/secret/*"));
        spec.setDestinations(List.of(dest("*", null, "*"), dest("*", null, "!kube-system")));
        ProjectBounds b = ProjectBounds.of("p", spec);
        assertThat(b.checkApplication(List.of("https://git.example.com/open/x"), SERVER, null, "apps"))
                .isEmpty();
        assertThat(b.checkApplication(List.of("https://git.example.com/secret/x"), SERVER, null, "apps"))
                .isPresent();
        assertThat(b.checkApplication(List.of("https://git.example.com/open/x"), SERVER, null, "kube-system"))
                .isPresent();
    }

    /** Clusters of cluster Secrets: by name or server, and Argo CD's permitOnlyProjectScopedClusters. */
    @Test
    void destinationsOnClustersOfSecretsAndProjectScopedClusters() {
        KnownClusters known = new KnownClusters() {
            @Override
            public Optional<String> serverOf(String name) {
                return Map.of("edge", "https://edge:6443", "shared", "https://shared:6443").entrySet().stream()
                        .filter(e -> e.getKey().equals(name))
                        .map(Map.Entry::getValue)
                        .findFirst();
            }

            @Override
            public Optional<String> nameOf(String server) {
                return "https://edge:6443".equals(server)
                        ? Optional.of("edge")
                        : "https://shared:6443".equals(server) ? Optional.of("shared") : Optional.empty();
            }

            @Override
            public Optional<String> projectOf(String server) {
                return "https://edge:6443".equals(server) ? Optional.of("team") : Optional.empty();
            }
        };
        AppProjectSpec spec = new AppProjectSpec();
        spec.setSourceRepos(List.of("*"));
        spec.setDestinations(List.of(
                dest("https://edge:6443", null, "*"), dest("https://shared:6443", null, "*"), dest(SERVER, null, "*")));
        ProjectBounds open = ProjectBounds.of("team", spec).withClusters(known);
        assertThat(open.checkApplication(List.of("r"), null, "edge", "apps"))
                .as("by name, matched by its server")
                .isEmpty();
        assertThat(open.checkApplication(List.of("r"), null, "shared", "apps")).isEmpty();
        assertThat(ProjectBounds.of("team", spec).checkApplication(List.of("r"), null, "edge", "apps"))
                .as("without the cluster Secrets the name is unknown")
                .hasValueSatisfying(m -> assertThat(m)
                        .startsWith("unable to find destination server: there are no clusters with this name: edge"));

        spec.setPermitOnlyProjectScopedClusters(true);
        ProjectBounds scoped = ProjectBounds.of("team", spec).withClusters(known);
        assertThat(scoped.checkApplication(List.of("r"), null, "edge", "apps"))
                .as("scoped to this project")
                .isEmpty();
        assertThat(scoped.checkApplication(List.of("r"), "https://shared:6443", null, "apps"))
                .hasValueSatisfying(m ->
                        assertThat(m).contains("permits only clusters scoped to it (permitOnlyProjectScopedClusters)"));
        assertThat(scoped.checkApplication(List.of("r"), SERVER, null, "apps"))
                .as("in-cluster is scoped to no project")
                .isPresent();
    }

    @Test
    void clusterScopedKindsNeedTheWhitelistAndNamespacedOnesRespectBothLists() {
        AppProjectSpec spec = team();
        ProjectBounds none = ProjectBounds.of("team", spec);
        assertThat(none.checkResource("rbac.authorization.k8s.io", "ClusterRole", "admin2", null, true, SERVER, null))
                .hasValueSatisfying(m -> assertThat(m).contains("ClusterRole").contains("clusterResourceWhitelist"));
        assertThat(none.checkResource("", "ConfigMap", "cm", "team-a", false, SERVER, null))
                .as("empty namespaced whitelist allows all")
                .isEmpty();
        assertThat(none.checkResource("", "ConfigMap", "cm", "default", false, SERVER, null))
                .hasValueSatisfying(m -> assertThat(m).contains("namespace default"));

        spec.setClusterResourceWhitelist(List.of(kind(new ClusterResourceRestriction(), "", "Namespace")));
        spec.setNamespaceResourceBlacklist(List.of(kind(new GroupKind(), "", "Secret")));
        ProjectBounds some = ProjectBounds.of("team", spec);
        assertThat(some.checkResource("", "Namespace", "team-a", null, true, SERVER, null))
                .isEmpty();
        assertThat(some.checkResource("rbac.authorization.k8s.io", "ClusterRole", "x", null, true, SERVER, null))
                .isPresent();
        assertThat(some.checkResource("", "Secret", "s", "team-a", false, SERVER, null))
                .isPresent();

        spec.setNamespaceResourceWhitelist(List.of(kind(new GroupKind(), "apps", "*")));
        ProjectBounds appsOnly = ProjectBounds.of("team", spec);
        assertThat(appsOnly.checkResource("apps", "Deployment", "d", "team-a", false, SERVER, null))
                .isEmpty();
        assertThat(appsOnly.checkResource("", "ConfigMap", "cm", "team-a", false, SERVER, null))
                .isPresent();
    }

    @Test
    void aMissingProjectAllowsNothingButDefaultAllowsEverything() {
        assertThat(ProjectBounds.of("ghost", null).checkApplication(List.of("https://x/y"), SERVER, null, "a"))
                .hasValueSatisfying(m -> assertThat(m).contains("project ghost which does not exist"));
        assertThat(ProjectBounds.of("default", null).checkApplication(List.of("https://x/y"), SERVER, null, "a"))
                .isEmpty();
        assertThat(ProjectBounds.of("default", null).checkResource("", "ClusterRole", "r", null, true, SERVER, null))
                .isEmpty();
    }

    @Test
    void aMalformedPatternIsReportedNotThrown() {
        AppProjectSpec spec = team();
        spec.setSourceRepos(List.of("https://git.example.com/[team"));
        assertThat(ProjectBounds.of("team", spec)
                        .checkApplication(List.of("https://git.example.com/team/a"), SERVER, null, "team-a"))
                .hasValueSatisfying(
                        m -> assertThat(m).contains("cannot be applied").contains("sourceRepos"));
    }
}
