package io.sextant.repo.git;

import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A repository's user name and password, given only to the origin (scheme, host and port) of the URL
 * they were configured for. JGit follows a server's redirects and asks the provider again for the new
 * location; a plain provider would hand the password to whatever host the redirect names (security
 * review L2). Asked by another origin, this one answers nothing and remembers where it was asked, so
 * the error can say so. One instance per fetch or push; not shared between threads.
 */
final class OriginCredentials extends CredentialsProvider {

    private final UsernamePasswordCredentialsProvider inner;
    private final String origin;
    private volatile String refusedOrigin;

    private OriginCredentials(String url, Credentials credentials) throws URISyntaxException {
        this.inner = new UsernamePasswordCredentialsProvider(
                credentials.username() == null ? "" : credentials.username(), credentials.password());
        this.origin = origin(new URIish(url));
    }

    /** The provider for {@code url}, or null when there is nothing to give (no password, or git://). */
    static CredentialsProvider of(RepoUrls.Kind kind, Credentials credentials, String url) {
        if (credentials == null || !credentials.hasPassword() || kind == RepoUrls.Kind.GIT) {
            return null;
        }
        try {
            return new OriginCredentials(url, credentials);
        } catch (URISyntaxException e) {
            return null; // RepoUrls validated the URL; nothing is given to one it cannot read
        }
    }

    /** Where credentials were asked for and refused (another origin), or null. */
    static String refusedOrigin(CredentialsProvider provider) {
        return provider instanceof OriginCredentials o ? o.refusedOrigin : null;
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        return inner.supports(items);
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        String asking = origin(uri);
        if (!origin.equals(asking)) {
            refusedOrigin = asking;
            return false;
        }
        return inner.get(uri, items);
    }

    private static String origin(URIish uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port <= 0) {
            port = "http".equals(scheme) ? 80 : "https".equals(scheme) ? 443 : "ssh".equals(scheme) ? 22 : port;
        }
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }
}
