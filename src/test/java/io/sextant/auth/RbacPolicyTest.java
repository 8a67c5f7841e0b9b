package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.model.ProjectRole;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Argo's policy.csv semantics as users write them. */
class RbacPolicyTest {

    private static final String CSV = """
            # team A deploys its apps, cannot delete
            p, role:deployer, applications, get, team-a/*, allow
            p, role:deployer, applications, sync, team-a/*, allow
            p, role:deployer, applications, delete, team-a/*, deny
            g, alice, role:deployer
            g, devs, role:deployer
            p, bob, applications, *, */*, allow
            p, bob, applications, delete, prod/*, deny
            """;

    @Test
    void adminMayDoEverythingAndReadonlyOnlyReads() {
        RbacPolicy policy = RbacPolicy.of(null, null);
        Subject admin = Subject.user("admin");
        assertThat(policy.allows(admin, "applications", "delete", "default/kc")).isTrue();
        assertThat(policy.allows(admin, "repositories", "create", "https://x/y.git"))
                .isTrue();
        RbacPolicy readonlyDefault = RbacPolicy.of(null, "role:readonly");
        Subject carol = Subject.user("carol");
        assertThat(readonlyDefault.allows(carol, "applications", "get", "default/kc"))
                .isTrue();
        assertThat(readonlyDefault.allows(carol, "applications", "sync", "default/kc"))
                .isFalse();
        assertThat(policy.allows(carol, "applications", "get", "default/kc"))
                .as("no default role")
                .isFalse();
        // ApplicationSets as Argo CD's built-in roles have them: object <project>/<set>.
        assertThat(readonlyDefault.allows(carol, "applicationsets", "get", "default/fleet"))
                .isTrue();
        assertThat(readonlyDefault.allows(carol, "applicationsets", "create", "default/fleet"))
                .isFalse();
        assertThat(policy.allows(admin, "applicationsets", "delete", "default/fleet"))
                .isTrue();
    }

    @Test
    void rolesGroupsGlobsAndDenies() {
        RbacPolicy policy = RbacPolicy.of(CSV, "");
        Subject alice = Subject.user("alice");
        assertThat(policy.allows(alice, "applications", "sync", "team-a/web")).isTrue();
        assertThat(policy.allows(alice, "applications", "sync", "team-b/web")).isFalse();
        assertThat(policy.allows(alice, "applications", "delete", "team-a/web")).isFalse();
        assertThat(policy.allows(alice, "applications", "get", "*/web"))
                .as("a missing app's probe")
                .isFalse();
        Subject inDevs = new Subject("dave", List.of("devs"));
        assertThat(policy.allows(inDevs, "applications", "sync", "team-a/api")).isTrue();
        assertThat(policy.allows(Subject.user("dave"), "applications", "sync", "team-a/api"))
                .isFalse();
        Subject bob = Subject.user("bob");
        assertThat(policy.allows(bob, "applications", "delete", "staging/x")).isTrue();
        assertThat(policy.allows(bob, "applications", "delete", "prod/x"))
                .as("deny beats allow")
                .isFalse();
        assertThat(policy.allows(bob, "applications", "get", "*/anything")).isTrue();
    }

    @Test
    void aPolicyThatCannotTellAppsOfAProjectApartSaysSo() {
        // Lists decide once per project and namespace when no applications line names apps.
        String blind = """
                p, role:team, applications, get, team-?/*, allow
                p, role:team, applications, sync, team*/prod/*, allow
                p, role:team, applications, *, secret/*, deny
                p, bob, clusters, get, https://x/web-1, allow
                g, alice, role:team
                """;
        RbacPolicy policy = RbacPolicy.of(blind, "");
        assertThat(policy.appNamesMatter()).isFalse();
        assertThat(RbacPolicy.of(null, null).appNamesMatter()).isFalse();
        for (String project : List.of("team-a", "team-bb", "secret", "default")) {
            for (String ns : List.of("", "prod/", "dev/")) {
                List<Boolean> answers = Stream.of("web", "web-1", "db", "x")
                        .map(name ->
                                policy.allows(Subject.user("alice"), "applications", "get", project + "/" + ns + name))
                        .distinct()
                        .toList();
                assertThat(answers).as(project + "/" + ns).hasSize(1);
            }
        }
        assertThat(RbacPolicy.of("p, alice, applications, get, team-a/web-*, allow\n", "")
                        .appNamesMatter())
                .isTrue();
        assertThat(RbacPolicy.of("p, alice, *, get, team-a/[wd]*, allow\n", "").appNamesMatter())
                .isTrue();
        assertThat(RbacPolicy.of("p, alice, app*, get, team-a/web, allow\n", "").appNamesMatter())
                .isTrue();
    }

    @Test
    void aBadLineIsNamed() {
        assertThatThrownBy(() -> RbacPolicy.of("p, role:x, applications\n", null))
                .hasMessageContaining("policy.csv line 1")
                .hasMessageContaining("p, subject, resource, action, object");
        assertThatThrownBy(() -> RbacPolicy.of("\n\nx, y, z\n", null)).hasMessageContaining("line 3");
        assertThatThrownBy(() -> RbacPolicy.of("p, a, applications, get, */*, maybe\n", null))
                .hasMessageContaining("allow|deny");
    }

    @Test
    void projectRolesGrantTheirGroupsRightsInsideTheirProjectOnly() {
        ProjectRole dev = new ProjectRole();
        dev.setName("dev");
        dev.setPolicies(List.of(
                "p, proj:team:dev, applications, get, team/*, allow",
                "p, proj:team:dev, applications, sync, team/*, allow",
                "p, proj:team:dev, applications, delete, other/*, allow",
                "p, role:admin, applications, *, team/*, allow"));
        dev.setGroups(List.of("devs"));
        List<String> refused = new ArrayList<>();
        RbacPolicy policy = RbacPolicy.of(null, null, List.of(RbacPolicy.projectRoles("team", List.of(dev), refused)));

        Subject carol = new Subject("carol", List.of("devs"));
        assertThat(policy.allows(carol, "applications", "get", "team/web")).isTrue();
        assertThat(policy.allows(carol, "applications", "sync", "team/web")).isTrue();
        assertThat(policy.allows(carol, "applications", "delete", "team/web")).isFalse();
        assertThat(policy.allows(carol, "applications", "delete", "other/x"))
                .as("a project grants nothing outside itself")
                .isFalse();
        assertThat(policy.allows(new Subject("eve", List.of("ops")), "applications", "get", "team/web"))
                .isFalse();
        assertThat(refused).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("project team role dev:"));
    }

    /**
     * The security review's L7: a project editor writing a role name, group or policy line with a line
     * break. Each is left out and named; the rest of the policy loads (a failed load would freeze the
     * last policy, revocations included), and no line of their making grants anything.
     */
    @Test
    void lineBreaksInProjectRolesAreLeftOutAndThePolicyStillLoads() {
        ProjectRole sneaky = new ProjectRole();
        sneaky.setName("x\np, eve, applications, *, */*, allow\ng, eve, role:admin");
        sneaky.setPolicies(List.of("p, proj:team:x, applications, get, team/*, allow"));
        ProjectRole dev = new ProjectRole();
        dev.setName("dev");
        dev.setPolicies(List.of(
                "p, proj:team:dev, applications, get, team/*, allow",
                "p, proj:team:dev, applications, get, team/*, allow\np, eve, applications, *, */*, allow"));
        dev.setGroups(List.of("devs", "ops\ng, eve, role:admin"));
        List<String> refused = new ArrayList<>();
        String lines = RbacPolicy.projectRoles("team", List.of(sneaky, dev), refused);
        RbacPolicy policy = RbacPolicy.of("g, carol, role:readonly", null, List.of(lines));

        Subject eve = new Subject("eve", List.of());
        assertThat(policy.allows(eve, "applications", "get", "team/web")).isFalse();
        assertThat(policy.allows(eve, "applications", "delete", "other/x")).isFalse();
        assertThat(policy.allows(new Subject("carol", List.of()), "applications", "get", "other/x"))
                .as("the rest loaded")
                .isTrue();
        assertThat(policy.allows(new Subject("dan", List.of("devs")), "applications", "get", "team/web"))
                .isTrue();
        assertThat(refused).hasSize(2);
        assertThat(lines).doesNotContain("eve");
    }
}
