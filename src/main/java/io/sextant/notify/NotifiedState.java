package io.sextant.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was sent for an Application, kept on it so a restart or another replica knows: Argo CD's annotation
 * {@code notified.notifications.argoproj.io} (a JSON map from a state key to the Unix second it was recorded, at
 * most {@value #MAX_ENTRIES} entries, the oldest dropped, as notifications-engine keeps it) and Sextant's
 * {@code notifications.sextant.io/pending}: the notifications recorded as due and not yet delivered (a JSON list),
 * which a controller that starts, or takes the app over, delivers. Keys are notifications-engine's:
 * {@code [<oncePer value>:]<trigger>:[<i>].<sha1 of when>:<service>:<recipient>}, so state written by Argo CD
 * carries over.
 */
public final class NotifiedState {

    public static final String NOTIFIED = "notified.notifications.argoproj.io";
    public static final String PENDING = "notifications.sextant.io/pending";
    static final int MAX_ENTRIES = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A notification recorded as due: its state key and what to send where. */
    public record Pending(String key, String trigger, int condition, String service, String recipient) {}

    private final LinkedHashMap<String, Long> notified;
    private final List<Pending> pending;

    NotifiedState(Map<String, Long> notified, List<Pending> pending) {
        this.notified = new LinkedHashMap<>(notified);
        this.pending = new ArrayList<>(pending);
    }

    /** Reads both annotations; an annotation that is not what we write is read as empty (and overwritten). */
    public static NotifiedState of(Map<String, String> annotations) {
        Map<String, Long> n = Map.of();
        List<Pending> p = List.of();
        if (annotations != null) {
            try {
                String v = annotations.get(NOTIFIED);
                if (v != null && !v.isBlank()) {
                    n = JSON.readValue(v, new TypeReference<LinkedHashMap<String, Long>>() {});
                }
            } catch (java.io.IOException e) {
                n = Map.of();
            }
            try {
                String v = annotations.get(PENDING);
                if (v != null && !v.isBlank()) {
                    p = JSON.readValue(v, new TypeReference<List<Pending>>() {});
                }
            } catch (java.io.IOException e) {
                p = List.of();
            }
        }
        return new NotifiedState(n == null ? Map.of() : n, p == null ? List.of() : p);
    }

    static String key(String oncePer, String trigger, String conditionKey, String service, String recipient) {
        String k = trigger + ":" + conditionKey + ":" + service + ":" + recipient;
        return oncePer == null || oncePer.isEmpty() ? k : oncePer + ":" + k;
    }

    public boolean notified(String key) {
        return notified.containsKey(key);
    }

    public Map<String, Long> notifiedKeys() {
        return java.util.Collections.unmodifiableMap(notified);
    }

    public List<Pending> pending() {
        return List.copyOf(pending);
    }

    void markNotified(String key, long epochSecond) {
        notified.put(key, epochSecond);
        if (notified.size() <= MAX_ENTRIES) {
            return;
        }
        List<Map.Entry<String, Long>> byAge = new ArrayList<>(notified.entrySet());
        byAge.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        for (Map.Entry<String, Long> e : byAge) {
            if (notified.size() <= MAX_ENTRIES) {
                break;
            }
            if (!e.getKey().equals(key)
                    && pending.stream().noneMatch(p -> p.key().equals(e.getKey()))) {
                notified.remove(e.getKey());
            }
        }
    }

    boolean clear(String key) {
        return notified.remove(key) != null;
    }

    void addPending(Pending p) {
        if (pending.stream().noneMatch(x -> x.key().equals(p.key()))) {
            pending.add(p);
        }
    }

    /**
     * Drops pending records that are not what this controller writes (anyone who may edit the Application can
     * write the annotation): each must name a trigger, condition, service and recipient, and carry a key built
     * from them that is also remembered as notified. True when one was dropped.
     */
    boolean dropForgedPending() {
        return pending.removeIf(p -> p.key() == null
                || p.trigger() == null
                || p.service() == null
                || p.recipient() == null
                || p.condition() < 0
                || !notified.containsKey(p.key())
                || !p.key().endsWith(":" + p.service() + ":" + p.recipient())
                || !(p.key().startsWith(p.trigger() + ":[" + p.condition() + "].")
                        || p.key().contains(":" + p.trigger() + ":[" + p.condition() + "].")));
    }

    /** Whether both annotations say the same as {@code other}'s. */
    boolean sameAs(NotifiedState other) {
        return annotations().equals(other.annotations());
    }

    boolean removePending(String key) {
        return pending.removeIf(p -> p.key().equals(key));
    }

    /** The two annotations' values as a merge patch writes them (null removes an annotation). */
    Map<String, String> annotations() {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            out.put(NOTIFIED, notified.isEmpty() ? null : JSON.writeValueAsString(notified));
            out.put(PENDING, pending.isEmpty() ? null : JSON.writeValueAsString(pending));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
