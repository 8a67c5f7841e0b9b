package io.sextant.repo.git;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Parsed git trees shared by every read of a repository cache. A tree's id is the hash of its
 * content, so a parsed tree never goes stale and can be shared across commits, snapshots and
 * repositories. Without it, N apps whose paths sit in one directory of N entries each parse that
 * directory again: N² work in a refresh round.
 *
 * <p>Bounded by the total number of entries held (least recently used trees go first). Thread-safe.
 */
final class TreeCache {

    static final int DEFAULT_MAX_ENTRIES = 500_000;

    private final int maxEntries;
    private final LinkedHashMap<ObjectId, Map<String, TreeResolver.TreeEntry>> trees =
            new LinkedHashMap<>(256, 0.75f, true);
    private int entries;

    TreeCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    synchronized Map<String, TreeResolver.TreeEntry> get(ObjectId tree) {
        return trees.get(tree);
    }

    /** Keeps {@code parsed} (an unmodifiable map) unless it alone exceeds the bound. */
    synchronized void put(ObjectId tree, Map<String, TreeResolver.TreeEntry> parsed) {
        if (parsed.size() > maxEntries) {
            return;
        }
        Map<String, TreeResolver.TreeEntry> previous = trees.put(tree.copy(), parsed);
        entries += parsed.size() - (previous == null ? 0 : previous.size());
        var it = trees.entrySet().iterator();
        while (entries > maxEntries && it.hasNext()) {
            entries -= it.next().getValue().size();
            it.remove();
        }
    }
}
