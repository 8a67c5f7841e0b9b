package io.sextant.repo.git;

import java.time.Instant;

/**
 * What one fetch of a repository did.
 *
 * @param url         the repository URL, without credentials
 * @param fetchedAt   when the fetch finished
 * @param updatedRefs branches and tags created, moved or pruned by this fetch (0: nothing changed)
 */
public record FetchResult(String url, Instant fetchedAt, int updatedRefs) {

    public boolean changed() {
        return updatedRefs > 0;
    }
}
