package io.sextant.controller;

import io.sextant.model.ResourceKey;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest comparison of each Application, in memory (rebuilt by the next refresh), and which
 * Applications target each resource key, so a change of an untracked live object (applied by
 * hand) still refreshes the Applications that expect it. Thread-safe.
 */
public final class ComparisonStore {

    private final Map<String, Comparison> latest = new ConcurrentHashMap<>();
    private final Map<ResourceKey, Set<String>> appsByKey = new ConcurrentHashMap<>();

    public void put(Comparison c) {
        Comparison previous = latest.put(c.app(), c);
        if (previous != null) {
            previous.resources()
                    .forEach(r -> appsByKey.computeIfPresent(r.key(), (k, apps) -> {
                        apps.remove(c.app());
                        return apps.isEmpty() ? null : apps;
                    }));
        }
        c.resources()
                .forEach(r -> appsByKey
                        .computeIfAbsent(r.key(), k -> ConcurrentHashMap.newKeySet())
                        .add(c.app()));
    }

    /** The Applications whose latest comparison included this resource. */
    public Set<String> appsTargeting(ResourceKey key) {
        return appsByKey.getOrDefault(key, Set.of());
    }

    public Optional<Comparison> get(String app) {
        return Optional.ofNullable(latest.get(app));
    }

    /** Every latest comparison (a live view, for counting). */
    public Collection<Comparison> all() {
        return Collections.unmodifiableCollection(latest.values());
    }

    /** Apps compared (one entry each), for metrics. */
    public int size() {
        return latest.size();
    }

    public void remove(String app) {
        Comparison previous = latest.remove(app);
        if (previous != null) {
            previous.resources()
                    .forEach(r -> appsByKey.computeIfPresent(r.key(), (k, apps) -> {
                        apps.remove(app);
                        return apps.isEmpty() ? null : apps;
                    }));
        }
    }
}
