package io.sextant.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.sextant.model.Application;
import io.sextant.model.ApplicationDestination;
import io.sextant.model.ApplicationSpec;
import io.sextant.model.ApplicationStatus;
import io.sextant.model.HealthStatus;
import io.sextant.model.SyncStatus;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The list page's server-side filtering, counting and paging, and which URLs may become links. */
class ApplicationQueryTest {

    private static Application app(
            String name, String health, String sync, String project, Map<String, String> labels) {
        Application a = new Application();
        ObjectMeta m = new ObjectMeta();
        m.setName(name);
        m.setLabels(labels);
        a.setMetadata(m);
        ApplicationSpec spec = new ApplicationSpec();
        spec.setProject(project);
        ApplicationDestination d = new ApplicationDestination();
        d.setServer("https://kubernetes.default.svc");
        d.setNamespace("ns-" + project);
        spec.setDestination(d);
        a.setSpec(spec);
        ApplicationStatus st = new ApplicationStatus();
        HealthStatus h = new HealthStatus();
        h.setStatus(health);
        st.setHealth(h);
        SyncStatus s = new SyncStatus();
        s.setStatus(sync);
        st.setSync(s);
        a.setStatus(st);
        return a;
    }

    private static ApplicationQuery query(String... kv) {
        MultivaluedHashMap<String, String> q = new MultivaluedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            q.add(kv[i], kv[i + 1]);
        }
        return ApplicationQuery.from(q);
    }

    @Test
    void filtersCountAndPage() {
        List<Application> all = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            all.add(app(
                    String.format("a-%03d", i),
                    i % 3 == 0 ? "Degraded" : "Healthy",
                    i % 2 == 0 ? "Synced" : "OutOfSync",
                    i < 100 ? "default" : "team",
                    Map.of("env", i % 4 == 0 ? "prod" : "stage")));
        }
        var page2 = query("page", "2").run(all);
        assertThat(page2.matching()).isEqualTo(130);
        assertThat(page2.pages()).isEqualTo(3);
        assertThat(page2.page())
                .extracting(a -> a.getMetadata().getName())
                .startsWith("a-060")
                .hasSize(60);

        var degraded = query("health", "Degraded", "proj", "default").run(all);
        assertThat(degraded.matching()).isEqualTo(34);
        assertThat(degraded.healthCount("Healthy"))
                .as("counts ignore their own filter")
                .isEqualTo(66);
        assertThat(degraded.allProjects()).containsExactly("default", "team");

        assertThat(query("labels", "env=prod", "sync", "Synced").run(all).matching())
                .isEqualTo(33);
        assertThat(query("search", "A-12").run(all).matching()).isEqualTo(10);
        assertThat(query("labels", "env in (").run(all).labelError()).isNotNull();
    }

    @Test
    void theQueryStringRoundTripsEncoded() {
        ApplicationQuery q = query("search", "a&b=<c>", "sync", "OutOfSync", "view", "list", "page", "3");
        assertThat(q.withPage(4)).isEqualTo("search=a%26b%3D%3Cc%3E&sync=OutOfSync&view=list&page=4");
        assertThat(q.withView("tiles")).contains("view=tiles").contains("page=3");
        assertThat(query("page", "-5").page()).isEqualTo(1);
    }

    @Test
    void onlyHttpUrlsBecomeLinks() {
        assertThat(Links.safeHref("https://github.com/x/kubercoins")).isEqualTo("https://github.com/x/kubercoins");
        assertThat(Links.safeHref("HTTP://example.com/r.git")).isNotNull();
        assertThat(Links.safeHref("javascript:alert(1)")).isNull();
        assertThat(Links.safeHref("JavaScript://example.com/%0aalert(1)")).isNull();
        assertThat(Links.safeHref("data:text/html,<script>")).isNull();
        assertThat(Links.safeHref("git@github.com:x/y.git")).isNull();
        assertThat(Links.safeHref("ssh://git@example.com/y.git")).isNull();
        assertThat(Links.safeHref("/relative")).isNull();
    }

    @Test
    void loginNeverReturnsOffSite() {
        assertThat(LoginPage.safeReturn("/applications/x?panel=sync")).isEqualTo("/applications/x?panel=sync");
        assertThat(LoginPage.safeReturn("//evil.example")).isEqualTo("/applications");
        assertThat(LoginPage.safeReturn("/\\evil.example")).isEqualTo("/applications");
        assertThat(LoginPage.safeReturn("https://evil.example")).isEqualTo("/applications");
        assertThat(LoginPage.safeReturn(null)).isEqualTo("/applications");
    }
}
