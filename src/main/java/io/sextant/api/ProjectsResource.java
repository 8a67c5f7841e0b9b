package io.sextant.api;

import io.sextant.model.AppProject;
import io.sextant.service.ProjectService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/projects}: Argo CD's project endpoints. Create and update take Argo's wrapper
 * {@code {"project": {...}, "upsert": bool}}.
 */
@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectsResource {

    private final ProjectService projects;

    public ProjectsResource(ProjectService projects) {
        this.projects = projects;
    }

    /** Argo's ProjectCreateRequest / ProjectUpdateRequest. */
    public record ProjectRequest(AppProject project, Boolean upsert) {}

    public record ProjectList(Map<String, Object> metadata, List<AppProject> items) {}

    @GET
    public ProjectList list() {
        return new ProjectList(Map.of(), projects.list());
    }

    @GET
    @Path("/{name}")
    public AppProject get(@PathParam("name") String name) {
        return projects.get(name);
    }

    @POST
    public AppProject create(ProjectRequest body) {
        if (body == null || body.project() == null) {
            throw new IllegalArgumentException(
                    "create a project with {\"project\": {\"metadata\": {\"name\": ...}, \"spec\": {...}}}");
        }
        return projects.create(body.project(), Boolean.TRUE.equals(body.upsert()));
    }

    @PUT
    @Path("/{name}")
    public AppProject update(@PathParam("name") String name, ProjectRequest body) {
        if (body == null
                || body.project() == null
                || body.project().getMetadata() == null
                || !name.equals(body.project().getMetadata().getName())) {
            throw new IllegalArgumentException("the body's project.metadata.name must be '" + name + "'");
        }
        return projects.update(body.project());
    }

    @DELETE
    @Path("/{name}")
    public Map<String, Object> delete(@PathParam("name") String name) {
        projects.delete(name);
        return Map.of();
    }
}
