package io.sextant.api;

import io.sextant.config.BuildVersion;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /api/version}: Argo's version fields, for clients that check them. */
@Path("/api/version")
public class VersionResource {

    static final String VERSION = BuildVersion.VERSION;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> version() {
        return Map.of(
                "Version",
                VERSION,
                "Platform",
                System.getProperty("os.name", "") + "/" + System.getProperty("os.arch", ""),
                "JavaVersion",
                System.getProperty("java.version", ""));
    }
}
