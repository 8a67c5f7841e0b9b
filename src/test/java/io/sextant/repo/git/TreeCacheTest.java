package io.sextant.repo.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/** The tree cache's two bounds: total entries, least recently read first, and trees idle for 10 minutes. */
class TreeCacheTest {

    private static ObjectId id(int i) {
        return ObjectId.fromString(String.format("%040x", i));
    }

    private static Map<String, TreeResolver.TreeEntry> tree(int size) {
        java.util.LinkedHashMap<String, TreeResolver.TreeEntry> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put("f" + i, null);
        }
        return m;
    }

    @Test
    void treesNotReadForTenMinutesGoWhileReadOnesStay() {
        AtomicLong now = new AtomicLong();
        TreeCache cache = new TreeCache(1000, now::get);
        cache.put(id(1), tree(1)); // an old commit's tree
        cache.put(id(2), tree(1)); // the current commit's tree
        for (int minute = 1; minute <= 12; minute++) {
            now.set(TimeUnit.MINUTES.toNanos(minute));
            if (minute % 3 == 0) {
                assertThat(cache.get(id(2))).as("read every refresh period").isNotNull();
            }
        }
        cache.put(id(3), tree(1));
        assertThat(cache.get(id(1))).as("idle for 12 minutes").isNull();
        assertThat(cache.get(id(2))).isNotNull();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void theEntryBoundDropsTheLeastRecentlyReadFirst() {
        AtomicLong now = new AtomicLong();
        TreeCache cache = new TreeCache(10, now::get);
        cache.put(id(1), tree(4));
        cache.put(id(2), tree(4));
        assertThat(cache.get(id(1))).isNotNull();
        cache.put(id(3), tree(4)); // 12 entries: tree 2, read longest ago, goes
        assertThat(cache.get(id(2))).isNull();
        assertThat(cache.get(id(1))).isNotNull();
        assertThat(cache.get(id(3))).isNotNull();
        cache.put(id(4), tree(11));
        assertThat(cache.get(id(4)))
                .as("a tree larger than the bound is not kept")
                .isNull();
    }
}
