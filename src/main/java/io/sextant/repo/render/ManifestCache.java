package io.sextant.repo.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ApplicationSource;
import io.sextant.repo.git.RepoPaths;
import io.sextant.repo.git.RepoUrls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Rendered manifests by (repository, commit SHA, path, hash of the source's tool settings and the
 * render context). A commit never changes, so an entry is valid until evicted: bounded by entry count
 * and by {@link RenderResult#sizeBytes()}, least recently used first. {@link #invalidate(String)} drops a
 * repository's entries (a hard refresh). Failures are not cached.
 *
 * <p>Threading: thread-safe; a render runs outside the lock, so two callers missing the same key at
 * once may both render (the results are equal; the last one is kept). Results are shared: callers must
 * not change the manifests (see {@link RenderResult}).
 */
public final class ManifestCache {

    /**
     * @param repo         {@link RepoUrls#cacheKey} of the repository URL
     * @param sha          the full commit SHA
     * @param path         the application path, normalized
     * @param settingsHash SHA-256 of the source's tool settings and the render context
     */
    public record Key(String repo, String sha, String path, String settingsHash) {}

    public static final int DEFAULT_MAX_ENTRIES = 2_000;
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<Key, RenderResult> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    public ManifestCache() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
    }

    public ManifestCache(int maxEntries, long maxBytes) {
        if (maxEntries <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("cache bounds must be positive");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The key of {@code source} rendered at {@code sha} in {@code ctx}. */
    public static Key key(String repoUrl, String sha, ApplicationSource source, RenderContext ctx) {
        String path = RepoPaths.normalize(source.getPath(), "application path");
        ObjectNode settings = CANONICAL.createObjectNode();
        settings.set("helm", CANONICAL.valueToTree(source.getHelm()));
        settings.set("kustomize", CANONICAL.valueToTree(source.getKustomize()));
        settings.set("directory", CANONICAL.valueToTree(source.getDirectory()));
        settings.set("plugin", CANONICAL.valueToTree(source.getPlugin()));
        settings.put("chart", source.getChart());
        settings.put("appName", ctx.appName());
        settings.put("namespace", ctx.namespace());
        settings.set("limits", CANONICAL.valueToTree(ctx.limits()));
        // Value files of other sources ($values/...) are read at their commits: a new commit there is a new render.
        ObjectNode refs = settings.putObject("refs");
        new java.util.TreeMap<>(ctx.refs())
                .forEach((name, snapshot) -> refs.put(name, snapshot.url() + "@" + snapshot.sha()));
        String canonical;
        try {
            canonical = CANONICAL.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("source settings cannot be serialized", e);
        }
        return new Key(RepoUrls.cacheKey(repoUrl), sha, path, sha256(canonical));
    }

    public synchronized Optional<RenderResult> get(Key key) {
        RenderResult result = entries.get(key);
        if (result == null) {
            misses++;
        } else {
            hits++;
        }
        return Optional.ofNullable(result);
    }

    /** Keeps {@code result} unless it alone is larger than the byte bound. */
    public synchronized void put(Key key, RenderResult result) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(result);
        if (result.sizeBytes() > maxBytes) {
            return;
        }
        RenderResult previous = entries.put(key, result);
        if (previous != null) {
            bytes -= previous.sizeBytes();
        }
        bytes += result.sizeBytes();
        evict();
    }

    /** The cached result, or {@code render}'s (cached when it succeeds). */
    public RenderResult computeIfAbsent(Key key, Supplier<RenderResult> render) {
        Optional<RenderResult> cached = get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        RenderResult result = render.get();
        put(key, result);
        return result;
    }

    /** Drops every entry of the repository {@code repoUrl} (any form of its URL). */
    public synchronized void invalidate(String repoUrl) {
        String repo = RepoUrls.cacheKey(repoUrl);
        Iterator<Map.Entry<Key, RenderResult>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, RenderResult> entry = it.next();
            if (entry.getKey().repo().equals(repo)) {
                bytes -= entry.getValue().sizeBytes();
                it.remove();
            }
        }
    }

    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    private void evict() {
        Iterator<Map.Entry<Key, RenderResult>> it = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            bytes -= it.next().getValue().sizeBytes();
            it.remove();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
