package io.sextant.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.service.SettingsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/settings}: the public settings, open without a session (the login page reads them). */
@Path("/api/v1/settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    private final SettingsService settings;

    public SettingsResource(SettingsService settings) {
        this.settings = settings;
    }

    @GET
    public JsonNode settings() {
        return settings.settings();
    }
}
