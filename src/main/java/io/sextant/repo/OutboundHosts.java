package io.sextant.repo;

import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hosts Sextant never fetches from on a repository author's or an API user's word (security review L2):
 * link-local addresses (169.254.0.0/16 and fe80::/10, where clouds serve instance metadata and
 * credentials), the unspecified and multicast addresses, and the metadata services' well-known names. The
 * host is checked as written and as it resolves now; a name that does not resolve is left to the fetch,
 * which then fails on its own. Loopback and private networks stay allowed: in-cluster Git servers and
 * registries live there.
 *
 * <p>{@link #check} runs before a fetch, so the user gets a clear error; {@link #guardConnections} also
 * checks every connection Git's and the JDK's HTTP clients open, at connect time, including each hop of a
 * redirect. The JVM caches a name's answer for 30 s (its default for positive lookups), so the address
 * checked is the one connected to: a DNS answer that changes between the two (rebinding) is not used.
 */
public final class OutboundHosts {

    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal");

    private static final ProxySelector GUARD = new Guard();

    private OutboundHosts() {}

    /**
     * Makes the JVM's default {@link ProxySelector} check each connection's host first (then chooses proxies as
     * before). Git's HTTP transport asks it for every connection and redirect; JDK {@code HttpClient}s use
     * {@link #guardedSelector()}. Idempotent.
     */
    public static synchronized void guardConnections() {
        if (!(ProxySelector.getDefault() instanceof Guard)) {
            ProxySelector.setDefault(GUARD);
        }
    }

    /** The checking selector, for a JDK {@code HttpClient}'s {@code proxy(...)}. */
    public static ProxySelector guardedSelector() {
        guardConnections();
        return GUARD;
    }

    /** Checks the host, then asks the selector that was the default before Sextant's. */
    private static final class Guard extends ProxySelector {
        private final ProxySelector before =
                ProxySelector.getDefault() instanceof Guard ? null : ProxySelector.getDefault();

        @Override
        public List<Proxy> select(URI uri) {
            if (uri != null && uri.getHost() != null) {
                check(uri.getScheme() + "://"
                        + (uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                                ? "[" + uri.getHost() + "]"
                                : uri.getHost())
                        + "/");
            }
            return before == null ? List.of(Proxy.NO_PROXY) : before.select(uri);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            if (before != null) {
                before.connectFailed(uri, sa, ioe);
            }
        }
    }

    /**
     * Refuses {@code url} when its host is one of those above.
     *
     * @throws RepoException {@link Reason#INVALID_URL}, saying which host and why
     */
    public static void check(String url) {
        String host = host(url);
        if (host == null || host.isEmpty()) {
            return; // the URL's own validation says what is wrong with it
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String lower = bare.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (METADATA_NAMES.contains(lower)) {
            throw refused(host, "a cloud metadata service's name");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException | SecurityException e) {
            return;
        }
        for (InetAddress a : addresses) {
            if (a.isLinkLocalAddress()) {
                throw refused(
                        host,
                        "a link-local address (" + a.getHostAddress() + "), where clouds serve instance "
                                + "metadata and credentials");
            }
            if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
                throw refused(host, "not an address to fetch from (" + a.getHostAddress() + ")");
            }
        }
    }

    private static RepoException refused(String host, String why) {
        return new RepoException(Reason.INVALID_URL, "Sextant does not fetch from host '" + host + "': it is " + why);
    }

    /** The host of an http(s)://, ssh://, git:// or oci:// URL, or of an scp-like user@host:path; null if none. */
    static String host(String url) {
        if (url == null) {
            return null;
        }
        int sep = url.indexOf("://");
        if (sep > 0) {
            try {
                URI uri = URI.create(url.replace(" ", "%20"));
                if (uri.getHost() != null) {
                    return uri.getHost();
                }
            } catch (IllegalArgumentException e) {
                // fall through to the plain reading below
            }
            String rest = url.substring(sep + 3);
            int end = rest.indexOf('/');
            String authority = end < 0 ? rest : rest.substring(0, end);
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            return authority.startsWith("[")
                    ? authority.substring(0, authority.indexOf(']') + 1)
                    : authority.replaceFirst(":\\d*$", "");
        }
        int at = url.indexOf('@');
        int colon = url.indexOf(':', at + 1);
        return colon > 0 ? url.substring(at + 1, colon) : null;
    }
}
