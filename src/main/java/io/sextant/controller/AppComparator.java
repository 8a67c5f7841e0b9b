package io.sextant.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sextant.cache.LiveStateCache;
import io.sextant.cache.TrackingId;
import io.sextant.diff.Differ;
import io.sextant.diff.IgnoreRules;
import io.sextant.diff.ResourceDiff;
import io.sextant.diff.SecretMasker;
import io.sextant.health.AppHealth;
import io.sextant.health.Children;
import io.sextant.health.Health;
import io.sextant.health.HealthAggregator;
import io.sextant.health.HealthAssessor;
import io.sextant.health.ManagedResource;
import io.sextant.kube.ApiDiscovery;
import io.sextant.kube.DryRunApplier;
import io.sextant.kube.ResourceWriter;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.HealthStatusCode;
import io.sextant.model.HookAnnotations;
import io.sextant.model.ResourceKey;
import io.sextant.model.SyncStatusCode;
import io.sextant.sync.Hook;
import io.sextant.sync.HookType;
import io.sextant.sync.SyncOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Compares an Application's rendered target with the live state: per resource, Synced or
 * OutOfSync (server-side dry-run prediction against the live object, ignoreDifferences applied,
 * Secrets masked) and health; for the app, the sync status and the worst health.
 *
 * <p>Reads only: it never changes the cluster (the dry-run writes nothing). Thread-safe as long
 * as its collaborators are; one call per Application at a time (the queue guarantees it).
 */
public final class AppComparator {

    private final Function<Application, DestinationCluster> clusters;
    private final Differ differ;
    private final Supplier<HealthAssessor> health;

    /** @param health the assessor to use now (custom Lua checks change with sextant-cm) */
    /** @param controlNamespace the control-plane namespace, which names apps by {@link io.sextant.model.AppKey} */
    private final String controlNamespace;

    /** @param clusters the destination cluster of an app (throws {@link DestinationClusters.Unavailable}) */
    public AppComparator(
            String controlNamespace,
            Function<Application, DestinationCluster> clusters,
            Differ differ,
            Supplier<HealthAssessor> health) {
        this.controlNamespace = controlNamespace;
        this.clusters = clusters;
        this.differ = differ;
        this.health = health;
    }

    public Comparison compare(Application app, Rendered rendered, IgnoreRules rules) {
        return compare(app, rendered, rules, false, k -> Optional.empty());
    }

    /**
     * Compares the rendered manifests with the live state.
     *
     * @param provisional when true, a resource certain to be OutOfSync is called so without a dry run
     *        (which would only say how it differs): one that does not exist, or whose live version is what
     *        Sextant's server-side apply of another manifest stored (Git changed it since). The comparison
     *        is then marked {@link Comparison#provisional()}. For a comparison that decides an automated
     *        sync: the sync applies it anyway, and after a server-side apply the comparison that follows
     *        needs no dry run either (the apply's answer is its prediction).
     * @param outOfBounds why a resource lies outside the app's project (empty: it is within). Such a
     *        resource is never watched, read from the cache or dry-run: it is reported Unknown with its
     *        Git manifest and no live state, so no viewer of the app sees an object of a namespace or kind
     *        the project may not touch (as Argo CD drops non-permitted objects before it diffs). Tracked
     *        live objects outside the bounds are left out, so they are never shown or pruned either.
     */
    public Comparison compare(
            Application app,
            Rendered rendered,
            IgnoreRules rules,
            boolean provisional,
            Function<ResourceKey, Optional<String>> outOfBounds) {
        boolean unconfirmed = false;
        // The app's destination cluster: its kinds, its live state, its dry runs.
        DestinationCluster cluster = clusters.apply(app);
        LiveStateCache cache = cluster.cache();
        ApiDiscovery discovery = cluster.discovery();
        DryRunApplier dryRun = cluster.dryRun();
        String appName = AppKey.of(app, controlNamespace);
        String destinationNamespace = app.getSpec().getDestination() == null
                ? ""
                : Optional.ofNullable(app.getSpec().getDestination().getNamespace())
                        .orElse("");
        List<String> errors = new ArrayList<>();
        Map<ResourceKey, ObjectNode> targets = new LinkedHashMap<>();
        Map<ResourceKey, ResourceDefinitionContext> kinds = new LinkedHashMap<>();
        Set<ResourceKey> forbidden = new HashSet<>();
        Map<ResourceKey, Integer> origins = new HashMap<>();
        for (int m = 0; m < rendered.manifests().size(); m++) {
            ObjectNode manifest = rendered.manifests().get(m);
            checkSupported(manifest, errors);
            if (isHook(manifest, errors)) {
                continue; // hooks run during a sync; they are not part of the app's state, as in Argo CD
            }
            String apiVersion = manifest.path("apiVersion").asText();
            String kind = manifest.path("kind").asText();
            Optional<ResourceDefinitionContext> served = discovery.find(apiVersion, kind);
            ObjectNode target = placed(manifest, served, destinationNamespace);
            ResourceKey key = ResourceKey.of(target);
            if (targets.put(key, target) != null) {
                errors.add("resource " + key + " appears more than once in the manifests");
            }
            Integer origin = rendered.originOf(m);
            if (origin != null) {
                origins.put(key, origin);
            }
            if (outOfBounds.apply(key).isPresent()) {
                forbidden.add(key);
                continue;
            }
            served.ifPresentOrElse(
                    ctx -> {
                        kinds.put(key, ctx);
                        cache.watch(ctx);
                    },
                    () -> errors.add("the server does not serve kind " + kind + " in " + apiVersion + " (resource "
                            + key.name() + ")"));
        }

        HealthAssessor assessor = health.get();
        Children children = cache::childrenOf;
        List<ComparedResource> resources = new ArrayList<>();
        List<ManagedResource> managed = new ArrayList<>();
        Set<String> images = new TreeSet<>();
        for (Map.Entry<ResourceKey, ObjectNode> e : targets.entrySet()) {
            ResourceKey key = e.getKey();
            ObjectNode target = e.getValue();
            if (forbidden.contains(key)) {
                managed.add(new ManagedResource(key, target, null));
                resources.add(new ComparedResource(
                        key,
                        version(target),
                        SyncStatusCode.UNKNOWN.code(),
                        null,
                        null,
                        false,
                        "",
                        target,
                        null,
                        origins.get(key)));
                continue;
            }
            ObjectNode live = cache.get(key).orElse(null);
            withTrackingId(target, appName, key, live);
            ObjectNode predicted = null;
            ResourceDiff diff = null;
            if (kinds.containsKey(key)) {
                String liveVersion = live == null
                        ? null
                        : live.path("metadata").path("resourceVersion").asText();
                predicted = dryRun.known(target, liveVersion).orElse(null);
                // Certain to change: missing, or live is what our apply of another manifest stored.
                if (predicted == null
                        && provisional
                        && (live == null || dryRun.appliedOtherThan(target, liveVersion))) {
                    ResourceDiff asWritten = differ.diff(target, null, live, rules);
                    if (asWritten.modified()) {
                        diff = asWritten;
                        unconfirmed = true;
                    }
                }
                if (predicted == null && diff == null) {
                    try {
                        predicted = dryRun.predict(target, liveVersion).orElse(null);
                    } catch (KubernetesClientException ex) {
                        // One resource the server cannot dry-run must not hide the rest of the app.
                        errors.add("resource " + key + ": the API server rejected a dry run of it: "
                                + SecretMasker.scrub(ResourceWriter.reason(ex), target, live));
                    }
                }
            }
            if (diff == null) {
                diff = differ.diff(target, predicted, live, rules);
            }
            Health h = live == null
                    ? new Health(HealthStatusCode.MISSING.code(), "")
                    : assessor.assess(live, children).orElse(NO_HEALTH);
            managed.add(new ManagedResource(key, target, live));
            collectImages(live != null ? live : target, images);
            resources.add(new ComparedResource(
                    key,
                    version(target),
                    diff.modified() ? SyncStatusCode.OUT_OF_SYNC.code() : SyncStatusCode.SYNCED.code(),
                    h.status(),
                    h.message(),
                    false,
                    diff.diff(),
                    diff.normalizedTarget(),
                    diff.normalizedLive(),
                    origins.get(key)));
        }
        Set<ResourceKey> seen = new HashSet<>(targets.keySet());
        for (ObjectNode live : cache.trackedBy(appName)) {
            ResourceKey key = ResourceKey.of(live);
            // A hook's object (a Job a sync created) is not part of the app's state: never OutOfSync, never to
            // prune; its delete policy removes it (Argo CD's rule, gitops-engine's hook filter).
            if (seen.contains(key)
                    || live.path("metadata").has("deletionTimestamp")
                    || outOfBounds.apply(key).isPresent()
                    || isLiveHook(live)) {
                continue;
            }
            ResourceDiff diff = differ.diff(null, null, live, rules);
            Health h = assessor.assess(live, children).orElse(NO_HEALTH);
            managed.add(new ManagedResource(key, null, live));
            resources.add(new ComparedResource(
                    key,
                    version(live),
                    SyncStatusCode.OUT_OF_SYNC.code(),
                    h.status(),
                    h.message(),
                    true,
                    diff.diff(),
                    null,
                    diff.normalizedLive(),
                    null));
        }
        boolean outOfSync = resources.stream().anyMatch(r -> !SyncStatusCode.SYNCED.is(r.syncStatus()));
        AppHealth appHealth = new HealthAggregator(assessor)
                .aggregate(
                        new ResourceKey(
                                "argoproj.io",
                                "Application",
                                app.getMetadata().getNamespace(),
                                app.getMetadata().getName()),
                        managed,
                        children);
        return new Comparison(
                appName,
                rendered.revision(),
                rendered.sourceType(),
                outOfSync || !errors.isEmpty() ? SyncStatusCode.OUT_OF_SYNC.code() : SyncStatusCode.SYNCED.code(),
                appHealth.status(),
                worstMessage(appHealth),
                List.copyOf(resources),
                List.copyOf(images),
                List.copyOf(errors),
                Instant.now(),
                List.of(),
                unconfirmed);
    }

    /**
     * A copy of {@code manifest} placed where it goes: the destination namespace for a namespaced
     * kind that names none, no namespace for a cluster-scoped kind.
     */
    static ObjectNode placed(
            ObjectNode manifest, Optional<ResourceDefinitionContext> served, String destinationNamespace) {
        ObjectNode target = manifest.deepCopy();
        ObjectNode meta = (ObjectNode) target.get("metadata");
        if (served.isPresent() && !served.get().isNamespaceScoped()) {
            meta.remove("namespace");
        } else if (meta.path("namespace").asText("").isEmpty()
                && destinationNamespace != null
                && !destinationNamespace.isEmpty()) {
            meta.put("namespace", destinationNamespace);
        }
        return target;
    }

    /** Whether a live object is a hook's (whatever its annotations say, it is no resource of the app). */
    static boolean isLiveHook(JsonNode live) {
        return HookAnnotations.isHookOrSkip(live);
    }

    /**
     * What Sextant would otherwise accept and ignore on a resource, refused before any sync: sync options
     * it does not implement, and deletion hooks (PreDelete, PostDelete), which it does not run.
     */
    private static void checkSupported(ObjectNode manifest, List<String> errors) {
        String shown = manifest.path("kind").asText() + "/"
                + manifest.path("metadata")
                        .path("name")
                        .asText(manifest.path("metadata").path("generateName").asText());
        try {
            SyncOptions.none().forResource(manifest); // parses its sync-options annotation
        } catch (IllegalArgumentException e) {
            errors.add("resource " + shown + ": " + e.getMessage());
        }
        try {
            Hook.of(manifest)
                    .filter(h ->
                            h.types().contains(HookType.PRE_DELETE) || h.types().contains(HookType.POST_DELETE))
                    .ifPresent(h -> errors.add("resource "
                            + shown
                            + " is a PreDelete or PostDelete hook, which Sextant does not run: deleting the Application "
                            + "would skip it; remove the hook or run that step yourself"));
        } catch (IllegalArgumentException e) {
            // isHook reports a malformed hook annotation
        }
    }

    private static boolean isHook(ObjectNode manifest, List<String> errors) {
        try {
            return Hook.of(manifest).isPresent();
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return true;
        }
    }

    /** Kinds without a health rule: reported without health, as Argo does. */
    private static final Health NO_HEALTH = new Health("", "");

    /** The message of the resource whose health is the app's, so the app says why it is Degraded. */
    private static String worstMessage(AppHealth h) {
        return h.resources().values().stream()
                .filter(r -> h.status().equals(r.status())
                        && r.message() != null
                        && !r.message().isEmpty())
                .map(Health::message)
                .findFirst()
                .orElse(null);
    }

    /**
     * Sextant's syncs write the tracking annotation; a live object applied by hand has none. The
     * target carries it only when the live object does (or does not exist yet), so the annotation
     * alone never makes a hand-applied resource OutOfSync.
     */
    private static void withTrackingId(ObjectNode target, String app, ResourceKey key, ObjectNode live) {
        if (live != null && !live.path("metadata").path("annotations").has(TrackingId.ANNOTATION)) {
            return;
        }
        ObjectNode meta = (ObjectNode) target.get("metadata");
        JsonNode annotations = meta.get("annotations");
        ObjectNode a = annotations instanceof ObjectNode o ? o : meta.putObject("annotations");
        a.put(TrackingId.ANNOTATION, TrackingId.of(app, key));
    }

    private static String version(JsonNode obj) {
        String apiVersion = obj.path("apiVersion").asText("");
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }

    /** Container images of workloads and pods, for status.summary.images. */
    static void collectImages(JsonNode obj, Set<String> images) {
        JsonNode spec = obj.path("spec");
        JsonNode podSpec = spec.has("template")
                ? spec.path("template").path("spec")
                : spec.has("jobTemplate")
                        ? spec.path("jobTemplate").path("spec").path("template").path("spec")
                        : spec;
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : podSpec.path(list)) {
                String image = c.path("image").asText("");
                if (!image.isEmpty()) {
                    images.add(image);
                }
            }
        }
    }
}
