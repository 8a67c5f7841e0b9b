package io.sextant.repo.render;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the renderers that need a tool find and bound it: the {@code kustomize}, {@code jsonnet} and
 * {@code helm} binaries (an explicit path, else {@link ToolLocator}'s search; Helm runs embedded and its
 * binary only renders what the embedded library cannot, {@code helm.apiVersions}), the time one tool run or Helm render
 * may take, whether Kustomize may load remote bases, and the Helm repositories' plain-http permission.
 * Immutable.
 *
 * @param kustomizePath     the kustomize binary, or empty to search for it
 * @param jsonnetPath       Sextant's confined Jsonnet evaluator ({@code sextant-jsonnet}), or empty to search for it
 * @param helmPath          the helm binary, or empty to search for it
 * @param timeout           the most one tool run (or one Helm render) may take; the process tree is killed then
 * @param remoteBases       whether a kustomization may name resources outside the repository (git or http
 *                          URLs); off by default, since Kustomize would then fetch with the controller's network
 * @param maxOutputBytes    the most a tool may print before it is killed
 * @param maxMemoryBytes    the address space one tool process may have ({@code prlimit --as}); 0 for no
 *                          bound. A tool that needs more dies alone, never the controller
 */
public record RenderTools(
        Optional<Path> kustomizePath,
        Optional<Path> jsonnetPath,
        Optional<Path> helmPath,
        Duration timeout,
        boolean remoteBases,
        long maxOutputBytes,
        long maxMemoryBytes) {

    /** Argo CD's default exec timeout for config management tools. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    /**
     * 1 GiB of address space: Go tools reserve a few hundred MiB at start (under 512 MiB they do not
     * start), and a render of a large chart or overlay stays well below the rest.
     */
    public static final long DEFAULT_MEMORY = 1024L * 1024 * 1024;

    public static final RenderTools DEFAULTS = new RenderTools(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            DEFAULT_TIMEOUT,
            false,
            64L * 1024 * 1024,
            DEFAULT_MEMORY);

    public RenderTools {
        Objects.requireNonNull(kustomizePath);
        Objects.requireNonNull(jsonnetPath);
        Objects.requireNonNull(helmPath);
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("tool timeout must be positive: " + timeout);
        }
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes must be positive");
        }
        if (maxMemoryBytes != 0 && maxMemoryBytes < 512L * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "a tool memory bound under 512M stops Go tools from starting: " + maxMemoryBytes);
        }
    }

    public RenderTools withTimeout(Duration t) {
        return new RenderTools(kustomizePath, jsonnetPath, helmPath, t, remoteBases, maxOutputBytes, maxMemoryBytes);
    }

    public RenderTools withKustomize(Path p) {
        return new RenderTools(
                Optional.ofNullable(p), jsonnetPath, helmPath, timeout, remoteBases, maxOutputBytes, maxMemoryBytes);
    }

    public RenderTools withJsonnet(Path p) {
        return new RenderTools(
                kustomizePath, Optional.ofNullable(p), helmPath, timeout, remoteBases, maxOutputBytes, maxMemoryBytes);
    }

    public RenderTools withHelm(Path p) {
        return new RenderTools(
                kustomizePath,
                jsonnetPath,
                Optional.ofNullable(p),
                timeout,
                remoteBases,
                maxOutputBytes,
                maxMemoryBytes);
    }

    public RenderTools withRemoteBases(boolean allowed) {
        return new RenderTools(kustomizePath, jsonnetPath, helmPath, timeout, allowed, maxOutputBytes, maxMemoryBytes);
    }

    public RenderTools withMaxOutputBytes(long max) {
        return new RenderTools(kustomizePath, jsonnetPath, helmPath, timeout, remoteBases, max, maxMemoryBytes);
    }

    public RenderTools withMaxMemoryBytes(long max) {
        return new RenderTools(kustomizePath, jsonnetPath, helmPath, timeout, remoteBases, maxOutputBytes, max);
    }

    Path kustomize() {
        return kustomizePath.orElseGet(() -> ToolLocator.find("kustomize"));
    }

    Path jsonnet() {
        return jsonnetPath.orElseGet(() -> ToolLocator.find(JsonnetEvaluator.BINARY));
    }

    Path helm() {
        return helmPath.orElseGet(() -> ToolLocator.find("helm"));
    }
}
