package io.sextant.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSource;
import io.sextant.model.ApplicationSourceHelm;
import io.sextant.repo.RepoException;
import io.sextant.repo.git.Redactor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of an Application with several sources ({@code spec.sources}, Argo CD's "multiple sources for an
 * application", docs/user-guide/multiple_sources.md): when it counts as one (a non-empty {@code sources} wins
 * over {@code source}, as in Argo CD), what each source needs, the {@code ref} names, and how an error names
 * the source it comes from. Stateless.
 *
 * <p>Beyond Argo CD, for the safe behaviour issue 25 asks for: at most {@link #MAX_SOURCES} sources (Argo sets no
 * bound), and the same resource rendered by two sources is an error naming both (Argo keeps the last one and
 * warns).
 */
public final class MultiSource {

    /** Sources per Application: each is a fetch and a render per refresh. */
    public static final int MAX_SOURCES = 20;

    /** Argo CD's ref names: letters, digits, '_' and '-'. */
    private static final Pattern REF = Pattern.compile("[a-zA-Z0-9_-]+");

    private MultiSource() {}

    /** Whether {@code app} is rendered from {@code spec.sources}. */
    public static boolean of(Application app) {
        return app.getSpec() != null && app.getSpec().hasMultipleSources();
    }

    /** The sources an Application renders from: {@code spec.sources}, else {@code spec.source} (none if neither). */
    public static List<ApplicationSource> sourcesOf(Application app) {
        if (of(app)) {
            return app.getSpec().getSources();
        }
        return app.getSpec() == null || app.getSpec().getSource() == null
                ? List.of()
                : List.of(app.getSpec().getSource());
    }

    /** A source that only lends its repository to {@code $<ref>/} value files: it renders nothing. */
    public static boolean refOnly(ApplicationSource s) {
        return hasRef(s) && blank(s.getPath()) && blank(s.getChart());
    }

    static boolean hasRef(ApplicationSource s) {
        return !blank(s.getRef());
    }

    /** Whether a Helm source reads value files of other sources ({@code $<ref>/...}). */
    static boolean readsRefs(ApplicationSource s) {
        ApplicationSourceHelm helm = s.getHelm();
        return helm != null
                && helm.getValueFiles() != null
                && helm.getValueFiles().stream().anyMatch(f -> f != null && f.startsWith("$"));
    }

    /**
     * Refuses sources that cannot be rendered together, saying what to fix: too many, a source without a
     * repository or without a path, chart or ref, a ref with other characters than Argo CD allows, two sources
     * with one ref, and a ref source with a path (it would render too: Argo CD does, and a path there is
     * almost always meant as the value files' folder, which {@code $<ref>/} paths already name).
     */
    public static void check(List<ApplicationSource> sources) {
        if (sources.size() > MAX_SOURCES) {
            throw new IllegalArgumentException("spec.sources has " + sources.size() + " sources; at most " + MAX_SOURCES
                    + " are allowed: split the application");
        }
        Set<String> refs = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            ApplicationSource s = sources.get(i);
            String which = "spec.sources[" + i + "]";
            if (s == null || blank(s.getRepoURL())) {
                throw new IllegalArgumentException(which + " has no repoURL");
            }
            if (blank(s.getPath()) && blank(s.getChart()) && !hasRef(s)) {
                throw new IllegalArgumentException(
                        which + " (" + Redactor.redact(s.getRepoURL()) + ") needs a path, a chart or a ref");
            }
            if (hasRef(s)) {
                if (!REF.matcher(s.getRef()).matches()) {
                    throw new IllegalArgumentException(which + ".ref '" + Redactor.printable(s.getRef())
                            + "' may hold only letters, digits, '_' and '-'");
                }
                if (!refs.add(s.getRef())) {
                    throw new IllegalArgumentException(which + ".ref '" + s.getRef()
                            + "' is the ref of an earlier source too: each ref names one source");
                }
                if (!blank(s.getPath())) {
                    throw new IllegalArgumentException(which + " has ref '" + s.getRef() + "' and path '"
                            + Redactor.printable(s.getPath()) + "': a ref source lends its whole repository to"
                            + " $" + s.getRef() + "/ value files and renders nothing; remove the path, or put"
                            + " what it should render in a source of its own");
                }
                if (!blank(s.getChart())) {
                    throw new IllegalArgumentException(which + " has ref '" + s.getRef() + "' and chart '"
                            + Redactor.printable(s.getChart()) + "': a ref source must be a Git repository");
                }
            }
        }
    }

    /** {@code e} with the source it came from in front of its message. */
    static RepoException inSource(RepoException e, int index, int count, ApplicationSource s) {
        return new RepoException(e.reason(), describe(index, count, s) + ": " + e.getMessage(), e);
    }

    /** "source 2 of 3 (repo, path p)": how messages name a source. */
    static String describe(int index, int count, ApplicationSource s) {
        String where = !blank(s.getChart())
                ? "chart " + s.getChart()
                : !blank(s.getPath()) ? "path " + s.getPath() : "ref " + s.getRef();
        return "source " + (index + 1) + " of " + count + " (" + Redactor.redact(s.getRepoURL()) + ", "
                + Redactor.printable(where) + ")";
    }

    /** group/kind/namespace/name of a rendered manifest. */
    static String identity(ObjectNode m) {
        String apiVersion = m.path("apiVersion").asText("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return group + "/" + m.path("kind").asText("") + "/"
                + m.path("metadata").path("namespace").asText("") + "/"
                + m.path("metadata").path("name").asText("");
    }

    static String renderedTwice(ObjectNode m, int first, int second, List<ApplicationSource> sources) {
        return "resource " + Redactor.printable(identity(m)) + " is rendered by "
                + describe(first, sources.size(), sources.get(first)) + " and by "
                + describe(second, sources.size(), sources.get(second))
                + ": each resource must come from one source; remove it from one of them";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
