package io.sextant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.service.ApplicationSetService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The ApplicationSets list and a set's page: its generators, its conditions as Argo CD writes them, and the
 * Applications it generated, each linking to its page (an app's tile links back to its set).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ApplicationSetPages {

    /** One row of the list. */
    public record SetRow(String name, String project, String generators, String policy, String conditions, int apps) {}

    /** One condition of a set. */
    public record ConditionRow(String type, String status, String reason, String message, String time) {}

    /** One generated app, with its status. */
    public record AppRow(String name, StatusView sync, StatusView health) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Viewer viewer, List<SetRow> sets);

        static native TemplateInstance details(
                Viewer viewer, SetRow set, String generatorsYaml, List<ConditionRow> conditions, List<AppRow> apps);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationSetService sets;
    private final WebSession session;

    @Inject
    public ApplicationSetPages(ApplicationSetService sets, WebSession session) {
        this.sets = sets;
        this.session = session;
    }

    @GET
    @Path("applicationsets")
    public TemplateInstance list() {
        List<SetRow> rows = sets.list(List.of()).stream().map(this::row).toList();
        return Templates.list(session.viewer(), rows);
    }

    @GET
    @Path("applicationsets/{name}")
    public TemplateInstance details(@PathParam("name") String name) {
        ApplicationSet set = sets.get(name);
        List<ConditionRow> conditions = new ArrayList<>();
        if (set.getStatus() != null && set.getStatus().getConditions() != null) {
            set.getStatus()
                    .getConditions()
                    .forEach(c -> conditions.add(new ConditionRow(
                            c.getType(), c.getStatus(), c.getReason(), c.getMessage(), c.getLastTransitionTime())));
        }
        List<AppRow> apps = sets.generated(name).stream()
                .map(a -> new AppRow(
                        a.getMetadata().getName(),
                        StatusView.sync(ApplicationQuery.syncOf(a)),
                        StatusView.health(ApplicationQuery.healthOf(a))))
                .toList();
        JsonNode generators = JSON.valueToTree(set.getSpec().getGenerators());
        return Templates.details(session.viewer(), row(set), DiffView.yaml(generators), conditions, apps);
    }

    private SetRow row(ApplicationSet set) {
        List<String> kinds = new ArrayList<>();
        if (set.getSpec() != null && set.getSpec().getGenerators() != null) {
            set.getSpec().getGenerators().forEach(g -> {
                for (Iterator<String> it = g.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!f.equals("selector")) {
                        kinds.add(f);
                    }
                }
            });
        }
        List<String> failing = new ArrayList<>();
        if (set.getStatus() != null && set.getStatus().getConditions() != null) {
            set.getStatus().getConditions().stream()
                    .filter(c -> "True".equals(c.getStatus()))
                    .forEach(c -> failing.add(c.getType()));
        }
        String policy = set.getSpec() == null
                        || set.getSpec().getSyncPolicy() == null
                        || set.getSpec().getSyncPolicy().getApplicationsSync() == null
                ? "sync"
                : set.getSpec().getSyncPolicy().getApplicationsSync();
        List<Application> apps = sets.generated(set.getMetadata().getName());
        return new SetRow(
                set.getMetadata().getName(),
                ApplicationSetService.projectOf(set),
                String.join(", ", kinds),
                policy,
                String.join(", ", failing),
                apps.size());
    }

    @ServerExceptionMapper
    public Response failed(RuntimeException e) {
        return ErrorPage.of(e);
    }
}
