package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where the CLI's commands go: the Kubernetes API directly ({@link CoreBackend}) or the Sextant
 * server's REST API ({@link ServerBackend}). Applications are Argo's JSON shape in both. Every
 * failure is a {@link CliException} with a message for the user.
 */
public interface Backend extends AutoCloseable {

    /** A resource picked for a selective sync ({@code --resource GROUP:KIND:NAME}). */
    record SyncResource(String group, String kind, String namespace, String name) {
    }

    /** The Applications, by name. */
    List<JsonNode> list();

    /** The Application; {@code refresh} is null, "normal" or "hard" (waits for the refresh). */
    JsonNode get(String name, String refresh);

    JsonNode create(JsonNode application, boolean upsert);

    /** Replaces the Application's spec. */
    JsonNode updateSpec(String name, JsonNode spec);

    void delete(String name, boolean cascade);

    /** Asks for a sync (writes the operation); does not wait. */
    JsonNode sync(String name, String revision, boolean prune, boolean dryRun, List<SyncResource> resources);

    /** Asks for a rollback to history entry {@code id}; does not wait. */
    JsonNode rollback(String name, long id, boolean prune, boolean dryRun);

    /** Stops the running operation. */
    void terminateOperation(String name);

    /** The AppProjects (Argo JSON). */
    List<JsonNode> projects();

    /** The server's version fields, or null in core mode. */
    JsonNode serverVersion();

    @Override
    void close();
}
