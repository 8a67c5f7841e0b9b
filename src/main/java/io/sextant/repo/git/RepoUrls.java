package io.sextant.repo.git;

import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * Which repository URLs Sextant fetches, and the normal forms used to compare them.
 *
 * <p>Accepted: {@code https://}, {@code http://} (for servers on a trusted network), {@code ssh://},
 * {@code git://} and scp-like {@code [user@]host:path}. Refused with {@link Reason#INVALID_URL}: every
 * other scheme ({@code file:}, {@code ext::}, ...), local paths, transport-helper syntax ({@code a::b}),
 * a leading {@code -} (git would read it as an option), whitespace and control characters. Nothing ever
 * goes through a shell, so other shell metacharacters are harmless and are not refused.
 *
 * <p>Stateless and thread-safe.
 */
public final class RepoUrls {

    /** The transport a valid URL uses. */
    public enum Kind {
        HTTPS,
        HTTP,
        SSH,
        GIT
    }

    static final int MAX_LENGTH = 2048;
    private static final Set<String> SCHEMES = Set.of("https", "http", "ssh", "git");
    // [user@]host:path, host a DNS name or a bracketed IPv6 address; a one-letter host would be a
    // Windows drive letter to some parsers, so the name needs two characters.
    private static final Pattern SCP =
            Pattern.compile("^(?:([^@/:]+)@)?([A-Za-z0-9][A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(.+)$");

    private RepoUrls() {}

    /**
     * Checks {@code url} and tells which transport it uses.
     *
     * @throws RepoException {@link Reason#INVALID_URL}, naming the URL without credentials
     */
    public static Kind validate(String url) {
        if (url == null || url.isBlank()) {
            throw invalid(url, "the repository URL is empty");
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid(url.substring(0, 80) + "...", "the URL is longer than " + MAX_LENGTH + " characters");
        }
        if (url.startsWith("-")) {
            throw invalid(url, "it starts with '-', which git would read as an option");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' '
                    || c == 0x7f
                    || Character.isISOControl(c)
                    || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)) {
                throw invalid(url, "it contains whitespace or control characters");
            }
        }
        String lower = url.toLowerCase(Locale.ROOT);
        int sep = url.indexOf("://");
        Kind kind;
        if (sep > 0) {
            String scheme = lower.substring(0, sep);
            if (!SCHEMES.contains(scheme)) {
                throw invalid(url, "scheme '" + scheme + "' is not allowed (use https, http, ssh or git)");
            }
            checkAuthority(url);
            kind = Kind.valueOf(scheme.toUpperCase(Locale.ROOT));
        } else if (lower.startsWith("file:")) {
            throw invalid(url, "file: URLs are not allowed");
        } else if (url.contains("::")) {
            throw invalid(url, "transport-helper syntax '<transport>::<address>' is not allowed");
        } else {
            Matcher scp = SCP.matcher(url);
            if (!scp.matches()) {
                throw invalid(
                        url,
                        "it is not an https, http, ssh, git or scp-like user@host:path URL "
                                + "(local paths are not allowed)");
            }
            if (scp.group(3).startsWith("-")) {
                throw invalid(url, "its path starts with '-'");
            }
            kind = Kind.SSH;
        }
        crossCheckWithJGit(url, kind);
        return kind;
    }

    /**
     * The identity of a repository for the clone cache: scheme and host lower-cased, user-info dropped,
     * trailing {@code /} and {@code .git} removed. The path keeps its case (servers may be case-sensitive).
     * {@code url} must be {@linkplain #validate valid}.
     */
    public static String cacheKey(String url) {
        String s = url.trim();
        int sep = s.indexOf("://");
        if (sep > 0) {
            String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
            String rest = s.substring(sep + 3);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash);
            int at = authority.lastIndexOf('@');
            String user = "";
            if (at >= 0) {
                // ssh keeps the login name (it selects the account); http user-info is credentials.
                String info = authority.substring(0, at);
                if (scheme.equals("ssh") && info.indexOf(':') < 0) {
                    user = info + "@";
                }
                authority = authority.substring(at + 1);
            }
            s = scheme + "://" + user + authority.toLowerCase(Locale.ROOT) + path;
        } else {
            Matcher scp = SCP.matcher(s);
            if (scp.matches()) {
                String user = scp.group(1) == null ? "" : scp.group(1) + "@";
                s = "ssh://" + user + scp.group(2).toLowerCase(Locale.ROOT) + "/" + stripLeadingSlash(scp.group(3));
            }
        }
        return stripSuffixes(s);
    }

    /**
     * The form Argo CD compares credential URLs in: trimmed, lower-cased, scp-like {@code user@host:path}
     * written as {@code user@host/path}, {@code ssh://} dropped, trailing {@code /} and {@code .git}
     * removed. Works on any string, valid URL or not (a Secret's {@code url} may be a bare prefix).
     */
    public static String normalizeForMatching(String url) {
        if (url == null) {
            return "";
        }
        String s = url.trim().toLowerCase(Locale.ROOT);
        if (!s.contains("://")) {
            Matcher scp = SCP.matcher(s);
            if (scp.matches()) {
                String user = scp.group(1) == null ? "" : scp.group(1) + "@";
                s = user + scp.group(2) + "/" + stripLeadingSlash(scp.group(3));
            }
        } else if (s.startsWith("ssh://")) {
            s = s.substring("ssh://".length());
        }
        return stripSuffixes(s);
    }

    private static String stripSuffixes(String s) {
        String out = stripTrailingSlashes(s);
        if (out.toLowerCase(Locale.ROOT).endsWith(".git")) {
            out = stripTrailingSlashes(out.substring(0, out.length() - 4));
        }
        return out;
    }

    private static String stripTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String stripLeadingSlash(String s) {
        return s.startsWith("/") ? s.substring(1) : s;
    }

    private static void checkAuthority(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(url, "it is not a valid URL (" + e.getReason() + ")");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw invalid(url, "it has no host");
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (host.isEmpty() || host.startsWith(":") || host.startsWith("-")) {
            throw invalid(url, "its host is empty or starts with '-'");
        }
        if (uri.getRawFragment() != null) {
            throw invalid(url, "it has a #fragment");
        }
    }

    /** JGit picks the transport from its own parse; make sure it sees the same kind of URL we checked. */
    private static void crossCheckWithJGit(String url, Kind kind) {
        URIish parsed;
        try {
            parsed = new URIish(url);
        } catch (URISyntaxException e) {
            throw invalid(url, "git cannot parse it (" + e.getReason() + ")");
        }
        String scheme = parsed.getScheme();
        boolean ok = kind == Kind.SSH && scheme == null
                ? parsed.getHost() != null && !parsed.getHost().isEmpty() && parsed.getPath() != null
                : scheme != null && scheme.equalsIgnoreCase(kind.name());
        if (!ok) {
            throw invalid(url, "git would not read it as a " + kind.name().toLowerCase(Locale.ROOT) + " URL");
        }
    }

    private static RepoException invalid(String url, String why) {
        return new RepoException(
                Reason.INVALID_URL,
                "repository URL '" + Redactor.printable(Redactor.redact(String.valueOf(url))) + "' is not allowed: "
                        + why);
    }
}
