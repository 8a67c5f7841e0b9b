package io.sextant.repo.git;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link GitReverter#revert} did.
 *
 * @param url              the repository URL, without credentials
 * @param branch           the branch written to, as a full ref name ({@code refs/heads/stage})
 * @param previousHead     the branch's head on the server before the revert
 * @param newHead          the branch's head after it: the revert commit, or {@code previousHead} when
 *                         there was nothing to do
 * @param restoredRevision the full SHA whose files the branch now holds (the {@code toRevision} asked for)
 * @param revertedCommits  the commits whose changes were undone, newest first; empty when nothing was pushed
 */
public record RevertResult(
        String url,
        String branch,
        String previousHead,
        String newHead,
        String restoredRevision,
        List<String> revertedCommits) {

    public RevertResult {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(previousHead, "previousHead");
        Objects.requireNonNull(newHead, "newHead");
        Objects.requireNonNull(restoredRevision, "restoredRevision");
        revertedCommits = List.copyOf(revertedCommits);
    }

    /** True when a revert commit was pushed; false when the branch already held {@code restoredRevision}'s files. */
    public boolean pushed() {
        return !newHead.equals(previousHead);
    }
}
