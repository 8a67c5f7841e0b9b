package io.sextant.service.webhook;

import io.sextant.controller.MultiSource;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which Applications a push concerns: the source's repoURL is one of the push's repository URLs
 * (compared as host and path: scheme, user, port, case and {@code .git} do not count) and its
 * targetRevision is a pushed branch ({@code refs/heads/x} or {@code x}); an empty or {@code HEAD}
 * targetRevision follows the default branch (any push counts when the provider does not say which
 * branch is the default). Stateless.
 */
public final class PushMatcher {

    private PushMatcher() {}

    public static List<Application> matching(PushEvent push, List<Application> apps) {
        Set<String> repos = new HashSet<>();
        push.repoUrls().forEach(u -> repos.add(key(u)));
        List<Application> out = new ArrayList<>();
        for (Application app : apps) {
            // Any source counts, a ref source too: its files are value files of another (as in Argo CD).
            for (ApplicationSource source : MultiSource.sourcesOf(app)) {
                if (source.getRepoURL() != null
                        && repos.contains(key(source.getRepoURL()))
                        && revisionMatches(source.getTargetRevision(), push)) {
                    out.add(app);
                    break;
                }
            }
        }
        return out;
    }

    static boolean revisionMatches(String targetRevision, PushEvent push) {
        String rev = targetRevision == null ? "" : targetRevision.trim();
        if (rev.startsWith("refs/heads/")) {
            rev = rev.substring("refs/heads/".length());
        }
        if (rev.isEmpty() || rev.equals("HEAD")) {
            return push.defaultBranch() == null || push.branches().contains(push.defaultBranch());
        }
        return push.branches().contains(rev);
    }

    /** Host and path of a repository URL in any of its forms, lower-cased, without {@code .git}. */
    static String key(String url) {
        String s = url.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        } else if (s.matches("[^/@]+@[^/:]+:.*")) {
            s = s.replaceFirst(":", "/"); // scp-like git@host:org/repo
        }
        int slash = s.indexOf('/');
        String authority = slash < 0 ? s : s.substring(0, slash);
        String path = slash < 0 ? "" : s.substring(slash);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = authority.indexOf(':');
        if (colon >= 0) {
            authority = authority.substring(0, colon);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        return authority + path;
    }
}
