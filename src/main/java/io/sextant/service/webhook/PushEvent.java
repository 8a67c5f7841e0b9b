package io.sextant.service.webhook;

import java.util.List;

/**
 * A push as Sextant needs it: the repository's URLs (web, https and ssh clone forms), the branches
 * that moved (short names), and the repository's default branch when the provider says it (else null).
 */
public record PushEvent(String provider, List<String> repoUrls, List<String> branches, String defaultBranch) {}
