package io.sextant.web;

import io.sextant.model.AppKey;
import io.sextant.model.Application;
import io.sextant.model.KindOrder;
import io.sextant.model.ResourceKey;
import io.sextant.model.ResourceStatus;
import io.sextant.service.ResourceTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resource tree drawn on the server as one SVG: the Application on the left, its managed
 * resources in the next column, what they own (ReplicaSets, then Pods) further right. Rows come from
 * a depth-first walk, so every subtree sits together; a parent is drawn level with its first child.
 * Coordinates are computed here; the template only prints numbers and escaped text.
 */
public record ResourceTreeView(List<Node> nodes, List<Edge> edges, int width, int height) {

    static final int W = 250;
    static final int H = 58;
    static final int GAP_X = 70;
    static final int ROW = 70;

    /** One box: an anchor to the resource's details, its kind, name, health and sync. */
    public record Node(
            String id,
            String kind,
            String name,
            String shortName,
            StatusView health,
            StatusView sync,
            int x,
            int y,
            String href,
            boolean root) {
        public int textX() {
            return x + 12;
        }

        public int kindY() {
            return y + 17;
        }

        public int nameY() {
            return y + 35;
        }

        public int statusY() {
            return y + 51;
        }

        public int w() {
            return W;
        }

        public int h() {
            return H;
        }

        /** What a screen reader says for the node. */
        public String label() {
            return kind + " " + name + (health == null ? "" : ", health " + health.text())
                    + (sync == null ? "" : ", sync " + sync.text());
        }
    }

    /** A line from a parent's right edge to a child's left edge (a cubic curve). */
    public record Edge(String d) {}

    private record Item(
            String uid, String group, String kind, String namespace, String name, String health, String sync) {}

    /**
     * @param tree the app's resource tree (may be null when this process has no controller: then the
     *             managed resources from the app's status are drawn, without children)
     * @param extraHealth health by uid for nodes the tree gives none (ReplicaSets, Pods)
     */
    static ResourceTreeView of(Application app, ResourceTree tree, Map<String, String> extraHealth) {
        String appName = AppKey.of(app);
        List<ResourceStatus> managed =
                app.getStatus() == null || app.getStatus().getResources() == null
                        ? List.of()
                        : app.getStatus().getResources();
        Map<String, ResourceStatus> managedByKey = new HashMap<>();
        for (ResourceStatus r : managed) {
            managedByKey.put(key(r.getGroup(), r.getKind(), r.getNamespace(), r.getName()), r);
        }
        Map<String, Item> items = new LinkedHashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        List<String> roots = new ArrayList<>();
        if (tree != null) {
            for (ResourceTree.Node n : tree.nodes()) {
                ResourceKey nk = n.key();
                String k = key(nk.group(), nk.kind(), nk.namespace(), nk.name());
                ResourceStatus rs = managedByKey.get(k);
                String uid = n.uid() == null ? k : n.uid();
                items.put(
                        uid,
                        new Item(
                                uid,
                                nk.group(),
                                nk.kind(),
                                nk.namespace(),
                                nk.name(),
                                n.health() == null
                                        ? extraHealth.get(uid)
                                        : n.health().status(),
                                rs == null ? null : rs.getStatus()));
                String parent = n.parentUid();
                if (parent != null) {
                    children.computeIfAbsent(parent, p -> new ArrayList<>()).add(uid);
                } else {
                    roots.add(uid);
                }
            }
        }
        // Managed resources the tree lacks (missing in the cluster, or no tree at all) still show.
        Set<String> drawn = new HashSet<>();
        items.values().forEach(i -> drawn.add(key(i.group(), i.kind(), i.namespace(), i.name())));
        for (ResourceStatus r : managed) {
            String k = key(r.getGroup(), r.getKind(), r.getNamespace(), r.getName());
            if (drawn.add(k)) {
                items.put(
                        k,
                        new Item(
                                k,
                                nz(r.getGroup()),
                                r.getKind(),
                                nz(r.getNamespace()),
                                r.getName(),
                                r.getHealth() == null ? null : r.getHealth().getStatus(),
                                r.getStatus()));
                roots.add(k);
            }
        }
        Comparator<String> order = Comparator.comparing(
                        (String uid) -> KindOrder.rank(items.get(uid).kind()))
                .thenComparing(uid -> items.get(uid).kind())
                .thenComparing(uid -> items.get(uid).name());
        roots.sort(order);
        children.values().forEach(l -> l.sort(order));

        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        int[] row = {0};
        String appHealth = ApplicationQuery.healthOf(app);
        Node root = new Node(
                "tree-app",
                "Application",
                appName,
                shorten(appName),
                StatusView.health(appHealth),
                StatusView.sync(ApplicationQuery.syncOf(app)),
                0,
                0,
                "/applications/" + appName + "?panel=details",
                true);
        int firstRow = row[0];
        List<int[]> rootPositions = new ArrayList<>();
        for (String uid : roots) {
            int y = layout(uid, 1, items, children, nodes, edges, row, appName, new HashSet<>());
            rootPositions.add(new int[] {y});
        }
        int appY = rootPositions.isEmpty() ? firstRow * ROW : rootPositions.get(0)[0];
        nodes.add(
                0,
                new Node(
                        root.id(),
                        root.kind(),
                        root.name(),
                        root.shortName(),
                        root.health(),
                        root.sync(),
                        0,
                        appY,
                        root.href(),
                        true));
        for (int[] p : rootPositions) {
            edges.add(edge(0, appY, W + GAP_X, p[0]));
        }
        int maxX = nodes.stream().mapToInt(Node::x).max().orElse(0) + W;
        int rows = Math.max(1, row[0]);
        return new ResourceTreeView(nodes, edges, maxX + 2, rows * ROW);
    }

    private static int layout(
            String uid,
            int col,
            Map<String, Item> items,
            Map<String, List<String>> children,
            List<Node> nodes,
            List<Edge> edges,
            int[] row,
            String app,
            Set<String> path) {
        Item it = items.get(uid);
        int x = col * (W + GAP_X);
        List<String> kids = path.add(uid) ? children.getOrDefault(uid, List.of()) : List.of();
        int y = row[0] * ROW;
        int nodeIndex = nodes.size();
        nodes.add(null); // placeholder: drawn in walk order
        if (kids.isEmpty() || col > 6) {
            row[0]++;
        } else {
            boolean first = true;
            for (String kid : kids) {
                if (!items.containsKey(kid)) {
                    continue;
                }
                int ky = layout(kid, col + 1, items, children, nodes, edges, row, app, path);
                if (first) {
                    y = ky;
                    first = false;
                }
                edges.add(edge(x, y, x + W + GAP_X, ky));
            }
            if (first) {
                row[0]++;
            }
        }
        ResourceRef ref = new ResourceRef(it.group(), it.kind(), it.namespace(), it.name());
        nodes.set(
                nodeIndex,
                new Node(
                        "tree-n" + nodeIndex,
                        it.kind(),
                        it.name(),
                        shorten(it.name()),
                        it.health() == null ? null : StatusView.health(it.health()),
                        it.sync() == null ? null : StatusView.sync(it.sync()),
                        x,
                        y,
                        "/applications/" + app + "?resource=" + ref.param(),
                        false));
        return y;
    }

    private static Edge edge(int parentX, int parentY, int childX, int childY) {
        int x1 = parentX + W;
        int y1 = parentY + H / 2;
        int y2 = childY + H / 2;
        int mid = (x1 + childX) / 2;
        return new Edge("M" + x1 + " " + y1 + " C" + mid + " " + y1 + " " + mid + " " + y2 + " " + childX + " " + y2);
    }

    private static String shorten(String s) {
        return s.length() <= 30 ? s : s.substring(0, 28) + "…";
    }

    static String key(String group, String kind, String namespace, String name) {
        return nz(group) + "/" + kind + "/" + nz(namespace) + "/" + name;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
