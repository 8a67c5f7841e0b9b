package io.sextant.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sextant.service.ClusterService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/v1/clusters}: the clusters Applications may target ({@code in-cluster} always first). */
@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
public class ClustersResource {

    private final ClusterService clusters;

    public ClustersResource(ClusterService clusters) {
        this.clusters = clusters;
    }

    @GET
    public JsonNode list() {
        return clusters.list();
    }

    @GET
    @Path("/{server: .+}")
    public JsonNode get(@PathParam("server") String server) {
        return clusters.get(server);
    }

    /** Argo's Create: a Cluster ({@code server}, {@code name}, {@code config}, ...), tested before it is stored. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode create(JsonNode cluster, @QueryParam("upsert") @DefaultValue("false") boolean upsert) {
        if (cluster == null || !cluster.isObject()) {
            throw new IllegalArgumentException("the body must be a Cluster object with server, name and config");
        }
        return clusters.create(cluster, upsert);
    }

    /** Argo's Update with {@code updatedFields=name}: only the name may change here. */
    @PUT
    @Path("/{server: .+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode update(
            @PathParam("server") String server,
            JsonNode cluster,
            @QueryParam("updatedFields") List<String> updatedFields) {
        if (updatedFields != null && !updatedFields.isEmpty() && !updatedFields.equals(List.of("name"))) {
            throw new IllegalArgumentException("only the name of a cluster can be updated here (updatedFields=name); "
                    + "add it again with upsert to change anything else");
        }
        return clusters.rename(
                server, cluster == null ? null : cluster.path("name").asText(null));
    }

    @DELETE
    @Path("/{server: .+}")
    public JsonNode delete(@PathParam("server") String server) {
        clusters.delete(server);
        return JsonNodeFactory.instance.objectNode();
    }
}
