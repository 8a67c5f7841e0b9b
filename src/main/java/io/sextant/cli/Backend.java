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
    record SyncResource(String group, String kind, String namespace, String name) {}

    /** The Applications, by name. */
    List<JsonNode> list();

    /**
     * The Applications with what {@code app list}'s table shows (names, spec, sync and health status,
     * conditions); the whole of each where the backend has no cheaper way.
     */
    default List<JsonNode> listForTable() {
        return list();
    }

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

    /** One AppProject. */
    JsonNode project(String name);

    /** Creates an AppProject ({@code upsert} replaces a different one). */
    JsonNode createProject(JsonNode project, boolean upsert);

    /** The ApplicationSets (Argo JSON), by name. */
    List<JsonNode> appSets();

    /** One ApplicationSet. */
    JsonNode appSet(String name);

    /** Creates an ApplicationSet ({@code upsert} replaces one with another spec). */
    JsonNode createAppSet(JsonNode set, boolean upsert);

    /** Deletes an ApplicationSet (Kubernetes then deletes the apps it owns). */
    void deleteAppSet(String name);

    /** The Applications {@code set} would generate, created nowhere ({@code appset generate}). */
    List<JsonNode> generateAppSet(JsonNode set);

    /** The repositories (sanitized: no credentials). */
    List<JsonNode> repositories();

    /** Adds a repository after its connection test; {@code request} has Argo's Repository fields. */
    JsonNode addRepository(JsonNode request, boolean upsert);

    /** The clusters, in-cluster first. */
    List<JsonNode> clusters();

    /** One cluster by server URL or name. */
    JsonNode cluster(String serverOrName);

    /** Adds a cluster (Argo's Cluster fields) after its connection test. */
    JsonNode addCluster(JsonNode cluster, boolean upsert);

    /** Renames a cluster. */
    JsonNode renameCluster(String serverOrName, String name);

    /** Removes a cluster's Secret. */
    void removeCluster(String serverOrName);

    /** {@code {"manifests": [JSON text...], "revision": ...}} of the app at {@code revision} (null: its own). */
    JsonNode manifests(String name, String revision);

    /** Argo's managed-resources answer: {@code {"items": [{group, kind, namespace, name, diff, ...}]}}. */
    JsonNode managedResources(String name);

    /** The server's version fields, or null in core mode. */
    JsonNode serverVersion();

    @Override
    void close();
}
