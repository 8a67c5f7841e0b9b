package io.sextant.repo.git;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Parsed git trees shared by every read of a repository cache. A tree's id is the hash of its
 * content, so a parsed tree never goes stale and can be shared across commits, snapshots and
 * repositories. Without it, N apps whose paths sit in one directory of N entries each parse that
 * directory again: N² work in a refresh round.
 *
 * <p>Bounded by the total number of entries held (least recently used trees go first), and a tree not
 * read for {@link #IDLE_NANOS} goes too: the trees of commits pushed over since are never read again,
 * and without the second rule a repository pushed to every minute filled the cache to its bound over
 * hours (the soak of issue 24: +33 MiB an hour for 1,000 apps, all of it trees of old commits). The
 * trees of the commits apps are at are read at least every refresh period (3 minutes), so they stay.
 * Thread-safe.
 */
final class TreeCache {

    static final int DEFAULT_MAX_ENTRIES = 500_000;
    static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private record Held(Map<String, TreeResolver.TreeEntry> entries, long usedAt) {}

    private final int maxEntries;
    private final LongSupplier clock;
    /** In access order: the head is the tree read longest ago. */
    private final LinkedHashMap<ObjectId, Held> trees = new LinkedHashMap<>(256, 0.75f, true);

    private int entries;

    TreeCache(int maxEntries) {
        this(maxEntries, System::nanoTime);
    }

    TreeCache(int maxEntries, LongSupplier clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    synchronized Map<String, TreeResolver.TreeEntry> get(ObjectId tree) {
        Held held = trees.get(tree);
        if (held == null) {
            return null;
        }
        long now = clock.getAsLong();
        trees.put(tree, new Held(held.entries(), now)); // moves it to the tail too
        evictIdle(now);
        return held.entries();
    }

    /** Keeps {@code parsed} (an unmodifiable map) unless it alone exceeds the bound. */
    synchronized void put(ObjectId tree, Map<String, TreeResolver.TreeEntry> parsed) {
        if (parsed.size() > maxEntries) {
            return;
        }
        long now = clock.getAsLong();
        Held previous = trees.put(tree.copy(), new Held(parsed, now));
        entries += parsed.size() - (previous == null ? 0 : previous.entries().size());
        var it = trees.entrySet().iterator();
        while (entries > maxEntries && it.hasNext()) {
            entries -= it.next().getValue().entries().size();
            it.remove();
        }
        evictIdle(now);
    }

    /** The number of trees held (for tests). */
    synchronized int size() {
        return trees.size();
    }

    private void evictIdle(long now) {
        var it = trees.entrySet().iterator();
        while (it.hasNext()) {
            Held oldest = it.next().getValue();
            if (now - oldest.usedAt() <= IDLE_NANOS) {
                return;
            }
            entries -= oldest.entries().size();
            it.remove();
        }
    }
}
