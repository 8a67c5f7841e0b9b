package io.sextant.repo.git;

import java.time.Instant;
import java.util.List;

/**
 * What a commit says about itself, for Argo's revision metadata: the author as {@code Name <email>},
 * the commit date, the full message, and the tags pointing at it.
 */
public record CommitInfo(String sha, String author, Instant date, String message, List<String> tags) {}
