package io.sextant.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.Annotations;
import io.sextant.model.Application;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the comparison fields of an Application's status with a JSON merge patch, so it never
 * overwrites what others write at the same time (the spec, {@code operation},
 * {@code status.operationState}, {@code status.history}). Fields set to null are removed.
 * Also removes the {@code argocd.argoproj.io/refresh} annotation once a requested refresh is done,
 * and can start an operation in the same write (auto-sync).
 *
 * <p>A status equal to the one this writer wrote for the same Application less than
 * {@link #UNCHANGED_QUIET} ago, but for {@code reconciledAt}, is not written again: one change in Git
 * sets off several reconciles of an app within seconds (the push, the sync's own writes, the watch
 * events of what it applied), and each identical write costs the API server as much as an apply.
 * Requested refreshes and operations are always written, and so is the first status after an operation
 * ended. What was written is remembered as a digest
 * per Application, with its uid (a recreated app starts afresh). Thread-safe.
 */
public final class StatusWriter {

    public static final String REFRESH_ANNOTATION = Annotations.REFRESH;
    /**
     * When a refresh was asked for through Sextant (the API, the CLI, a webhook), set together with
     * {@link #REFRESH_ANNOTATION} and removed with it. Asking again while a refresh is pending would
     * otherwise change nothing on the object (the annotation already says "normal"), so the controller
     * could not tell, and the reconcile that fetched before the new push would remove the new ask too.
     */
    public static final String REFRESH_ASKED_ANNOTATION = "sextant.io/refresh-asked-at";
    /** How long an identical status is not written again. */
    static final Duration UNCHANGED_QUIET = Duration.ofSeconds(60);

    private final ApplicationPatcher patcher;
    private final Clock clock;
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private final Duration firstLookQuiet;
    /** Reads a stored status as the JSON a status patch is built of (the model's own Jackson annotations). */
    private static final com.fasterxml.jackson.databind.ObjectMapper TREES =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** What was written to the Application of a name, and to which incarnation of it. */
    private record Written(String uid, byte[] digest, Instant at) {}

    StatusWriter(ApplicationPatcher patcher) {
        this(patcher, Clock.systemUTC(), Duration.ZERO);
    }

    /** @param firstLookQuiet how recent a stored status may be to stand for a first comparison (0: never) */
    StatusWriter(ApplicationPatcher patcher, Duration firstLookQuiet) {
        this(patcher, Clock.systemUTC(), firstLookQuiet);
    }

    StatusWriter(ApplicationPatcher patcher, Clock clock) {
        this(patcher, clock, Duration.ZERO);
    }

    StatusWriter(ApplicationPatcher patcher, Clock clock, Duration firstLookQuiet) {
        this.patcher = patcher;
        this.clock = clock;
        this.firstLookQuiet = firstLookQuiet;
    }

    /**
     * Writes {@code status} unless the same was written a moment ago.
     *
     * @param status the status fields to set (a partial status object)
     * @param clearRefresh whether to remove the refresh annotation in the same write; that write is
     *         guarded by the resourceVersion of {@code app}, so a refresh asked for again since is kept
     * @return false when the Application no longer exists
     * @throws io.fabric8.kubernetes.client.KubernetesClientException 409 when {@code clearRefresh} and
     *         the Application changed since {@code app} was read (nothing is written)
     */
    public boolean write(Application app, ObjectNode status, boolean clearRefresh) {
        String name = app.getMetadata().getName();
        String uid = app.getMetadata().getUid();
        byte[] digest = digest(status);
        Instant now = clock.instant();
        Written last = written.get(memoryKey(app));
        if (!clearRefresh && last == null && storedIsCurrent(app, status, now)) {
            remember(memoryKey(app), uid, digest, now, true);
            return true;
        }
        if (!clearRefresh
                && last != null
                && uid != null
                && uid.equals(last.uid())
                && Arrays.equals(last.digest(), digest)
                && now.isBefore(last.at().plus(UNCHANGED_QUIET))
                && !operationEndedSince(app, last.at())) {
            return true;
        }
        Application stored =
                patcher.mergePatch(app.getMetadata().getNamespace(), name, patch(app, status, clearRefresh, false));
        remember(memoryKey(app), uid, digest, now, stored != null);
        return stored != null;
    }

    /**
     * Whether an app this writer has no memory of (a controller just started) already stores {@code status},
     * compared a short while ago: then a restart does not write every app again only to move its
     * {@code reconciledAt} (at 10,000 apps, 10,000 writes of about 5 ms of the API server's time each,
     * most of a restart's cost; issue 28). "A short while" is {@link #firstLookQuiet}, the refresh period:
     * {@code reconciledAt} is then at most one period older than in Argo CD, whose controller writes it at
     * every refresh; the next round writes it. "Stores" means the status patch, merged into the stored
     * status, would change nothing but {@code reconciledAt} (its nulls remove fields the stored status does not
     * have); any difference, or a status that cannot be read, writes.
     */
    private boolean storedIsCurrent(Application app, ObjectNode status, Instant now) {
        var stored = app.getStatus();
        if (stored == null || stored.getReconciledAt() == null || firstLookQuiet.isZero()) {
            return false;
        }
        try {
            if (!now.isBefore(Instant.parse(stored.getReconciledAt()).plus(firstLookQuiet))) {
                return false;
            }
            JsonNode tree = TREES.valueToTree(stored);
            ObjectNode patch = status.deepCopy();
            patch.remove("reconciledAt");
            return changesNothing(patch, tree);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether merging {@code patch} into {@code target} (RFC 7386: null removes, objects merge, anything
     * else replaces) leaves it as it is.
     */
    static boolean changesNothing(JsonNode patch, JsonNode target) {
        if (!patch.isObject()) {
            return target != null && patch.equals(target);
        }
        if (target == null || !target.isObject()) {
            return false;
        }
        for (var fields = patch.fields(); fields.hasNext(); ) {
            var field = fields.next();
            JsonNode have = target.get(field.getKey());
            if (field.getValue().isNull()) {
                if (have != null && !have.isNull()) {
                    return false;
                }
            } else if (!changesNothing(field.getValue(), have)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes {@code status} and the {@code operation} to start in one patch, guarded by the
     * resourceVersion of {@code app}: when the Application changed since it was read, nothing is
     * written and a 409 {@link io.fabric8.kubernetes.client.KubernetesClientException} says so.
     *
     * @return the Application as stored with its operation, or null when it no longer exists
     */
    public Application writeWithOperation(
            Application app, ObjectNode status, boolean clearRefresh, ObjectNode operation) {
        ObjectNode patch = patch(app, status, clearRefresh, true);
        patch.set("operation", operation);
        Application stored = patcher.mergePatch(
                app.getMetadata().getNamespace(), app.getMetadata().getName(), patch);
        remember(memoryKey(app), app.getMetadata().getUid(), digest(status), clock.instant(), stored != null);
        return stored;
    }

    /**
     * Whether an operation of {@code app} ended after {@code at}: the first comparison after an
     * operation is always written, so {@code reconciledAt} is never older than the operation's
     * {@code finishedAt} (Argo CD refreshes after every operation, and its CLI's {@code app sync} and
     * {@code app wait} wait for that).
     */
    private static boolean operationEndedSince(Application app, Instant at) {
        var state = app.getStatus() == null ? null : app.getStatus().getOperationState();
        if (state == null || state.getFinishedAt() == null) {
            return false;
        }
        try {
            // Second granularity, as the timestamps are written: a status of the same second as the end is not older.
            return Instant.parse(state.getFinishedAt()).isAfter(at.truncatedTo(ChronoUnit.SECONDS));
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /** Notes a status written by someone else's patch (an operation's end), so it is not written again. */
    void remember(Application app, ObjectNode status) {
        remember(memoryKey(app), app.getMetadata().getUid(), digest(status), clock.instant(), true);
    }

    /** Forgets what was written for a deleted Application. */
    public void forget(String namespace, String name) {
        written.remove(namespace + "/" + name);
    }

    private void remember(String name, String uid, byte[] digest, Instant at, boolean exists) {
        if (exists && uid != null) {
            written.put(name, new Written(uid, digest, at));
        } else {
            written.remove(name);
        }
    }

    /**
     * The merge patch of {@code status}, guarded by the resourceVersion of {@code app} when asked, and
     * always when it removes the refresh annotations: removing them unguarded could remove a refresh
     * asked for after this reconcile fetched.
     */
    private static ObjectNode patch(Application app, ObjectNode status, boolean clearRefresh, boolean guarded) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.set("status", status);
        if (clearRefresh || guarded) {
            ObjectNode metadata = patch.putObject("metadata");
            metadata.put("resourceVersion", app.getMetadata().getResourceVersion());
            if (clearRefresh) {
                clearRefresh(metadata);
            }
        }
        return patch;
    }

    /**
     * The merge patch that asks for a refresh ({@code mode} normal or hard) at {@code at}: the refresh
     * annotation with {@link #REFRESH_ASKED_ANNOTATION}, so that asking again is a change.
     */
    public static String refreshAskPatch(String mode, Instant at) {
        ObjectNode annotations = JsonNodeFactory.instance.objectNode();
        annotations.put(REFRESH_ANNOTATION, mode);
        annotations.put(REFRESH_ASKED_ANNOTATION, at.toString());
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").set("annotations", annotations);
        return patch.toString();
    }

    /** Removes both refresh annotations in a patch's {@code metadata}. */
    static void clearRefresh(ObjectNode metadata) {
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.putNull(REFRESH_ANNOTATION);
        annotations.putNull(REFRESH_ASKED_ANNOTATION);
    }

    /** SHA-256 of the status without {@code reconciledAt}, which changes on every reconcile. */
    private static byte[] digest(ObjectNode status) {
        JsonNode at = status.remove("reconciledAt");
        try {
            return MessageDigest.getInstance("SHA-256").digest(status.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        } finally {
            if (at != null) {
                status.set("reconciledAt", at);
            }
        }
    }

    /** Apps of several namespaces share this memory: keyed by namespace and name. */
    private static String memoryKey(Application app) {
        return app.getMetadata().getNamespace() + "/" + app.getMetadata().getName();
    }
}
