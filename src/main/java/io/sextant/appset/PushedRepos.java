package io.sextant.appset;

import io.sextant.model.ApplicationSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which ApplicationSets a push to a repository concerns: those with a git generator (at any depth) reading it. */
public final class PushedRepos {

    /** The annotation that asks the applicationset role to generate a set again (Argo CD's). */
    public static final String REFRESH_ANNOTATION = "argocd.argoproj.io/application-set-refresh";

    private PushedRepos() {}

    /** Whether a git generator of {@code set} reads the repository at {@code repoUrl}. */
    public static boolean reads(ApplicationSet set, String repoUrl) {
        String pushed = comparable(repoUrl);
        return gitUrls(set).stream().anyMatch(url -> comparable(url).equals(pushed));
    }

    static List<String> gitUrls(ApplicationSet set) {
        if (set.getSpec() == null || set.getSpec().getGenerators() == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        set.getSpec()
                .getGenerators()
                .forEach(g -> g.findValues("git").forEach(git -> {
                    if (git.hasNonNull("repoURL")) {
                        out.add(git.get("repoURL").asText());
                    }
                }));
        return out;
    }

    /**
     * A URL as pushes and generators both name it: host and path in lower case, without scheme, user,
     * trailing slash or ".git" (Argo CD's webhook matches any scheme the same way).
     */
    static String comparable(String url) {
        String u = url == null ? "" : url.trim().toLowerCase(Locale.ROOT);
        u = u.replaceFirst("^[a-z][a-z0-9+.-]*://", "").replaceFirst("^[^@/]+@", "");
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
    }
}
