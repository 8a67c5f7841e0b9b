package io.sextant.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.service.ClusterService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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
}
