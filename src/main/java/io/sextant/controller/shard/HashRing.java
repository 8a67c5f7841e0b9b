package io.sextant.controller.shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consistent hashing with bounded loads: which controller replica owns which Application.
 *
 * <p>Each member is placed on a ring of 64-bit hashes at {@link #VIRTUAL_NODES} points. Applications are
 * taken in the order of their own hash (then name) and each goes to the first point clockwise from its hash
 * whose member holds fewer than {@code ceil(c * apps / members)}; the bound keeps one unlucky member from
 * getting a large arc, while most Applications stay put when a member joins or leaves.
 *
 * <p>The answer depends only on the set of members and the set of names (never on their order, the JVM
 * or the time), so every replica that sees the same inputs computes the same owners. Stateless and
 * thread-safe.
 */
public final class HashRing {

    /** Points per member on the ring: enough to spread evenly, few enough to compute in microseconds. */
    static final int VIRTUAL_NODES = 100;
    /** The load bound factor c: no member takes more than c times the average. */
    public static final double LOAD_FACTOR = 1.25;

    private HashRing() {}

    /**
     * The owner of each name.
     *
     * @param members the live replicas (at least one)
     * @param names   the Applications
     * @return name → member, for every name
     */
    public static Map<String, String> assign(Collection<String> members, Collection<String> names) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members to assign Applications to");
        }
        String[] sortedMembers = members.stream().distinct().sorted().toArray(String[]::new);
        long[] points = new long[sortedMembers.length * VIRTUAL_NODES];
        int[] pointMember = new int[points.length];
        long[][] raw = new long[points.length][];
        for (int m = 0; m < sortedMembers.length; m++) {
            for (int v = 0; v < VIRTUAL_NODES; v++) {
                raw[m * VIRTUAL_NODES + v] = new long[] {hash(sortedMembers[m] + "#" + v), m};
            }
        }
        // Ties between two members' points (vanishingly rare) are broken by member order.
        Arrays.sort(raw, Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        for (int i = 0; i < raw.length; i++) {
            points[i] = raw[i][0];
            pointMember[i] = (int) raw[i][1];
        }
        List<String> apps = new ArrayList<>(names.stream().distinct().toList());
        Map<String, Long> appHash = new HashMap<>();
        apps.forEach(a -> appHash.put(a, hash(a)));
        apps.sort(Comparator.<String>comparingLong(appHash::get).thenComparing(Comparator.naturalOrder()));
        int capacity = capacity(apps.size(), sortedMembers.length);
        int[] load = new int[sortedMembers.length];
        Map<String, String> owners = new HashMap<>(apps.size() * 2);
        for (String app : apps) {
            int i = Arrays.binarySearch(points, appHash.get(app));
            if (i < 0) {
                i = -i - 1;
            }
            // capacity * members >= apps, so a member with room is always found within one turn.
            for (int step = 0; ; step++) {
                int m = pointMember[(i + step) % points.length];
                if (load[m] < capacity) {
                    load[m]++;
                    owners.put(app, sortedMembers[m]);
                    break;
                }
            }
        }
        return owners;
    }

    /** The most Applications one member may own: {@code ceil(c * apps / members)}, at least one. */
    public static int capacity(int apps, int members) {
        return Math.max(1, (int) Math.ceil(LOAD_FACTOR * apps / members));
    }

    /** FNV-1a over UTF-8, then a 64-bit finalizer so similar names land far apart. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
