package io.sextant.controller;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest comparison of each Application, in memory (rebuilt by the next refresh), and which
 * Applications target each resource key, so a change of an untracked live object (applied by
 * hand) still refreshes the Applications that expect it. Thread-safe.
 */
public final class ComparisonStore {

    private final Map<String, Comparison> latest = new ConcurrentHashMap<>();
    private final Map<io.sextant.model.ResourceKey, java.util.Set<String>> appsByKey = new ConcurrentHashMap<>();

    public void put(Comparison c) {
        Comparison previous = latest.put(c.app(), c);
        if (previous != null) {
            previous.resources().forEach(r -> appsByKey.computeIfPresent(r.key(), (k, apps) -> {
                apps.remove(c.app());
                return apps.isEmpty() ? null : apps;
            }));
        }
        c.resources().forEach(r -> appsByKey.computeIfAbsent(r.key(), k -> ConcurrentHashMap.newKeySet()).add(c.app()));
    }

    /** The Applications whose latest comparison included this resource. */
    public java.util.Set<String> appsTargeting(io.sextant.model.ResourceKey key) {
        return appsByKey.getOrDefault(key, java.util.Set.of());
    }

    public Optional<Comparison> get(String app) {
        return Optional.ofNullable(latest.get(app));
    }

    /** Every latest comparison (a live view, for counting). */
    public java.util.Collection<Comparison> all() {
        return java.util.Collections.unmodifiableCollection(latest.values());
    }

    public void remove(String app) {
        Comparison previous = latest.remove(app);
        if (previous != null) {
            previous.resources().forEach(r -> appsByKey.computeIfPresent(r.key(), (k, apps) -> {
                apps.remove(app);
                return apps.isEmpty() ? null : apps;
            }));
        }
    }
}
