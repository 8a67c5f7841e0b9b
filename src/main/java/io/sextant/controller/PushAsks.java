package io.sextant.controller;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refreshes a Git push asked of the controller in this process (the server role handling the webhook beside
 * it): the time of each app's latest ask ({@link System#nanoTime()}), until a reconcile has fetched for it.
 * Argo CD's webhook handler sets the refresh annotation on every app of the repository, a write to the API
 * server per app before the controller even starts; when the controller is in the same process nothing
 * needs to travel through the API server, so the ask goes straight to the queue (the status write that
 * follows is the app's only write). An ask is memory only: a controller that stops compares every app when
 * it starts again. Thread-safe.
 */
final class PushAsks {

    private final Map<String, Long> asked = new ConcurrentHashMap<>();

    /** Records an ask for {@code app} now. */
    void ask(String app) {
        asked.merge(app, System.nanoTime(), Math::max);
    }

    /** When the pending ask of {@code app} was made, or {@code none} when there is none. */
    long askedAt(String app, long none) {
        Long at = asked.get(app);
        return at == null ? none : at;
    }

    /** The ask made at {@code at} was served; a later one stays for the next reconcile. */
    void served(String app, long at) {
        asked.remove(app, at);
    }

    void forget(String app) {
        asked.remove(app);
    }
}
