package io.sextant.repo.render;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;

/**
 * Counts what one render has consumed against its {@link RenderLimits}. One per render; not thread-safe.
 */
final class RenderBudget {

    final RenderLimits limits;
    private long nodes;
    private int objects;
    private long bytes;

    RenderBudget(RenderLimits limits) {
        this.limits = limits;
    }

    /** One more JSON node built (aliases count once per expansion). */
    void node(String file) {
        if (++nodes > limits.maxNodes()) {
            throw new RepoException(
                    Reason.LIMIT_EXCEEDED,
                    file + ": the manifests expand to more than " + limits.maxNodes()
                            + " values (YAML aliases count each time they are used)");
        }
    }

    void object(String file) {
        if (++objects > limits.maxObjects()) {
            throw new RepoException(
                    Reason.LIMIT_EXCEEDED,
                    file + ": the source renders to more than " + limits.maxObjects() + " Kubernetes objects");
        }
    }

    void bytes(long more, String file) {
        bytes += more;
        if (bytes > limits.maxTotalBytes()) {
            throw new RepoException(
                    Reason.LIMIT_EXCEEDED,
                    "the manifest files add up to more than " + limits.maxTotalBytes() + " bytes (reached at " + file
                            + ")");
        }
    }

    long bytes() {
        return bytes;
    }
}
