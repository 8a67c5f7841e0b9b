package io.sextant.controller;

import java.util.Arrays;
import java.util.List;

/**
 * The revisions (or source types) of an Application's sources as one value: a single source's as it is; several
 * sources' joined by a space, which no commit SHA, branch, tag or chart version holds. Everything that carries
 * or compares "the revision" of a comparison, an operation or a render works unchanged for several sources;
 * only what writes status, operations and history splits it into Argo CD's {@code revisions[]} (and
 * {@code sourceTypes[]}). An empty entry (a ref source's type) is written as {@code -}.
 */
public final class SourceRevisions {

    private static final String SEPARATOR = " ";
    private static final String EMPTY = "-";

    private SourceRevisions() {}

    public static String join(List<String> values) {
        return String.join(
                SEPARATOR,
                values.stream().map(v -> v == null || v.isEmpty() ? EMPTY : v).toList());
    }

    public static List<String> split(String joined) {
        if (joined == null || joined.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(joined.split(SEPARATOR))
                .map(v -> v.equals(EMPTY) ? "" : v)
                .toList();
    }
}
