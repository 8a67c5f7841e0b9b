package io.sextant.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.service.RepositoryService;
import io.sextant.service.RepositoryService.RepositoryRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code /api/v1/repositories}: list, get ({@code forceRefresh} tests the connection again), add
 * ({@code upsert}; the connection is tested first), delete, and {@code validateaccess} (a connection
 * test that stores nothing). The repository URL in the path is URL-encoded, as Argo's clients send it.
 * Answers never carry passwords or keys.
 */
@Path("/api/v1/repositories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RepositoriesResource {

    private final RepositoryService repositories;

    public RepositoriesResource(RepositoryService repositories) {
        this.repositories = repositories;
    }

    @GET
    public JsonNode list() {
        return repositories.list();
    }

    @POST
    public JsonNode create(RepositoryRequest body, @QueryParam("upsert") @DefaultValue("false") boolean upsert) {
        return repositories.create(body, upsert);
    }

    @POST
    @Path("/{repo: .+}/validateaccess")
    public Map<String, Object> validate(@PathParam("repo") String repo, RepositoryRequest body) {
        RepositoryRequest r = body == null
                ? new RepositoryRequest(repo, null, null, null, null, null, null, null, null)
                : new RepositoryRequest(
                        repo,
                        body.type(),
                        body.name(),
                        body.project(),
                        body.username(),
                        body.password(),
                        body.sshPrivateKey(),
                        body.insecure(),
                        body.enableLfs());
        repositories.validateConnection(r);
        return Map.of();
    }

    @GET
    @Path("/{repo: .+}")
    public JsonNode get(
            @PathParam("repo") String repo, @QueryParam("forceRefresh") @DefaultValue("false") boolean forceRefresh) {
        return repositories.get(repo, forceRefresh);
    }

    @DELETE
    @Path("/{repo: .+}")
    public Map<String, Object> delete(@PathParam("repo") String repo) {
        repositories.delete(repo);
        return Map.of();
    }
}
