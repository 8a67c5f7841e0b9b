package io.sextant.controller;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The latest comparison of each Application, in memory (rebuilt by the next refresh). Thread-safe. */
public final class ComparisonStore {

    private final Map<String, Comparison> latest = new ConcurrentHashMap<>();

    public void put(Comparison c) {
        latest.put(c.app(), c);
    }

    public Optional<Comparison> get(String app) {
        return Optional.ofNullable(latest.get(app));
    }

    public void remove(String app) {
        latest.remove(app);
    }
}
