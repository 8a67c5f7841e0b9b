package io.sextant.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps notifications from being sent to the Kubernetes API server Sextant itself talks to: a webhook or Slack URL
 * that names {@code kubernetes.default[.svc[.cluster.local]]}, or whose host resolves to the API server's address
 * on its port, is refused before anything is sent (the controller's network position must not turn a
 * ConfigMap edit into requests against the API server); a non-loopback API address is refused on every port. Checked
 * at each send, as DNS may change; the HTTP client resolves the name again after the check, so a name whose DNS
 * answer changes in between is not caught, nor are the API server's own endpoint addresses behind its Service.
 */
final class AddressGuard {

    private static final Set<String> CLUSTER_NAMES = Set.of(
            "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    private final String apiHost;
    private final int apiPort;

    /** {@code apiServer}: the master URL of the Kubernetes client; null to check names only. */
    AddressGuard(String apiServer) {
        String host = null;
        int port = -1;
        if (apiServer != null) {
            try {
                URI u = URI.create(apiServer);
                host = u.getHost();
                port = u.getPort() > 0 ? u.getPort() : "http".equalsIgnoreCase(u.getScheme()) ? 80 : 443;
            } catch (IllegalArgumentException e) {
                host = null;
            }
        }
        this.apiHost = host;
        this.apiPort = port;
    }

    /** Throws when {@code uri} points at the API server. */
    void check(URI uri, String what) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (CLUSTER_NAMES.contains(host)) {
            throw new IllegalArgumentException(
                    what + " points at the Kubernetes API server (" + host + "); notifications are not sent there");
        }
        if (apiHost == null) {
            return;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        try {
            List<InetAddress> target = List.of(InetAddress.getAllByName(host));
            List<InetAddress> api = List.of(InetAddress.getAllByName(apiHost));
            for (InetAddress a : target) {
                boolean apiAddress = api.contains(a)
                        || a.isAnyLocalAddress() && api.stream().anyMatch(InetAddress::isLoopbackAddress);
                // Its own port always; any port of a non-loopback API address (a cluster IP serves nothing else).
                if (apiAddress && (port == apiPort || !a.isLoopbackAddress() && !a.isAnyLocalAddress())) {
                    throw new IllegalArgumentException(what + " points at the Kubernetes API server's address ("
                            + a.getHostAddress() + ":" + port + "); notifications are not sent there");
                }
            }
        } catch (UnknownHostException e) {
            // Not resolvable: the send fails with a clear error of its own.
        }
    }

    /** A URL for a message: without user info or query (where tokens tend to live). */
    static String redact(String url) {
        try {
            URI u = URI.create(url.strip());
            if (u.getHost() == null) {
                return u.getScheme() == null ? "a text without a scheme" : "a " + u.getScheme() + ": URL";
            }
            return (u.getScheme() == null ? "" : u.getScheme() + "://")
                    + u.getHost()
                    + (u.getPort() > 0 ? ":" + u.getPort() : "")
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException e) {
            return "a malformed URL";
        }
    }
}
