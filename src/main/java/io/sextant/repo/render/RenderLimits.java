package io.sextant.repo.render;

/**
 * Hard limits on what one render may read and build, so a hostile or runaway repository gives a clear
 * {@link io.sextant.repo.RepoException.Reason#LIMIT_EXCEEDED} error instead of exhausting memory.
 *
 * @param maxFiles        manifest files one source may contain
 * @param maxTotalBytes   bytes of all manifest files together
 * @param maxFileBytes    bytes (and YAML code points) of one file
 * @param maxObjects      Kubernetes objects one source may render to
 * @param maxAliases      YAML aliases to collections per file (billion-laughs guard)
 * @param maxNestingDepth nesting of YAML/JSON collections
 * @param maxNodes        JSON nodes built in one render, counting every alias expansion
 * @param maxTreeEntries  git tree entries looked at under the application path
 */
public record RenderLimits(
        int maxFiles,
        long maxTotalBytes,
        long maxFileBytes,
        int maxObjects,
        int maxAliases,
        int maxNestingDepth,
        long maxNodes,
        int maxTreeEntries) {

    public static final RenderLimits DEFAULTS =
            new RenderLimits(5_000, 50L * 1024 * 1024, 3L * 1024 * 1024, 10_000, 50, 100, 2_000_000, 100_000);

    public RenderLimits {
        if (maxFiles <= 0
                || maxTotalBytes <= 0
                || maxFileBytes <= 0
                || maxObjects <= 0
                || maxAliases < 0
                || maxNestingDepth <= 0
                || maxNodes <= 0
                || maxTreeEntries <= 0) {
            throw new IllegalArgumentException("render limits must be positive: " + this);
        }
        if (maxFileBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxFileBytes must fit in an array: " + maxFileBytes);
        }
    }
}
