package io.sextant.api;

import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.service.ApplicationSetService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/applicationsets}: Argo CD's ApplicationSet endpoints (list with {@code projects}, get,
 * create with {@code upsert}, delete, and {@code POST generate}: the apps a set would generate, written
 * nowhere). {@code dryRun} on create is not implemented and says so.
 */
@Path("/api/v1/applicationsets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApplicationSetsResource {

    private final ApplicationSetService sets;

    public ApplicationSetsResource(ApplicationSetService sets) {
        this.sets = sets;
    }

    public record ApplicationSetList(Map<String, Object> metadata, List<ApplicationSet> items) {}

    @GET
    public ApplicationSetList list(@QueryParam("projects") List<String> projects) {
        return new ApplicationSetList(Map.of(), sets.list(projects));
    }

    @GET
    @Path("/{name}")
    public ApplicationSet get(@PathParam("name") String name) {
        return sets.get(name);
    }

    @POST
    public ApplicationSet create(
            ApplicationSet body, @QueryParam("upsert") boolean upsert, @QueryParam("dryRun") boolean dryRun) {
        if (dryRun) {
            throw new IllegalArgumentException(
                    "dryRun is not supported by Sextant yet: create the set, or leave" + " dryRun out");
        }
        return sets.create(body, upsert);
    }

    /** Argo CD's ApplicationSetGenerateRequest. */
    public record GenerateRequest(ApplicationSet applicationSet) {}

    /** Argo CD's ApplicationSetGenerateResponse. */
    public record GenerateResponse(List<Application> applications) {}

    @POST
    @Path("/generate")
    public GenerateResponse generate(GenerateRequest body) {
        if (body == null || body.applicationSet() == null) {
            throw new IllegalArgumentException("the body is {\"applicationSet\": {...}}: the set to generate from");
        }
        return new GenerateResponse(sets.generate(body.applicationSet()));
    }

    @DELETE
    @Path("/{name}")
    public Map<String, Object> delete(@PathParam("name") String name) {
        sets.delete(name);
        return Map.of();
    }
}
