package io.sextant.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A smart-HTTP git server for tests and the dev-mode demo: git's own {@code git http-backend} run as a
 * CGI behind the JDK's {@link HttpServer}, listening on 127.0.0.1 only.
 *
 * <p>Only registered repositories are served, at {@code http://127.0.0.1:<port>/<name>.git}, and only
 * the three smart-protocol endpoints ({@code info/refs?service=...}, {@code git-upload-pack},
 * {@code git-receive-pack}); anything else is 404, and a path with {@code ..}, a percent-escape, a
 * backslash or an empty segment is 400 before any lookup. A repository is either anonymous (fetch and
 * push without credentials) or protected by HTTP basic auth, where a missing or wrong credential gets 401
 * with a {@code WWW-Authenticate: Basic} challenge, never 403.
 *
 * <p>Threading: thread-safe. Registration and counting may happen while requests are served; each
 * request runs on a bounded pool and its CGI process is killed when it outlives the request timeout.
 * {@link #close()} is idempotent and kills whatever is still running.
 */
public final class GitHttpServer implements AutoCloseable {

    /** Long enough for any fixture-sized clone on a busy machine, short enough to free a hung process. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    static final String REALM = "Sextant git";

    private static final System.Logger LOG = System.getLogger(GitHttpServer.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern ROUTE =
            Pattern.compile("/([A-Za-z0-9][A-Za-z0-9._-]{0,99})\\.git/(info/refs|git-upload-pack|git-receive-pack)");
    private static final int MAX_CONCURRENT = 16;

    private final Path root;
    private final HttpServer http;
    private final GitCgi cgi;
    private final ExecutorService handlers;
    private final ExecutorService pumps;
    private final ScheduledExecutorService timer;
    private final Map<String, Served> repositories = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private GitHttpServer(Path root, int port, Duration timeout) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
        this.handlers = Executors.newFixedThreadPool(MAX_CONCURRENT, daemon("git-http"));
        this.pumps = Executors.newCachedThreadPool(daemon("git-http-pump"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("git-http-timeout"));
        this.cgi = new GitCgi("git", this.root, timeout, timer, pumps);
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        http.createContext("/", this::handle);
        http.setExecutor(handlers);
        http.start();
    }

    /** Starts a server on 127.0.0.1:{@code port} (0 picks a free port) serving repositories under {@code root}. */
    public static GitHttpServer start(Path root, int port) throws IOException {
        return start(root, port, DEFAULT_TIMEOUT);
    }

    /** As {@link #start(Path, int)}, killing any request whose git process runs longer than {@code timeout}. */
    public static GitHttpServer start(Path root, int port, Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new GitHttpServer(root, port, timeout);
    }

    /**
     * Serves repository {@code name} without credentials: anyone on this machine may clone, fetch and
     * push. Creates an empty bare repository {@code <root>/<name>.git} if there is none.
     *
     * @return the bare repository's directory
     */
    public Path addAnonymous(String name) {
        return add(name, null, null);
    }

    /**
     * Serves repository {@code name} to HTTP basic auth with exactly this username and password, for
     * fetch and push. Creates an empty bare repository if there is none.
     *
     * @return the bare repository's directory
     */
    public Path addProtected(String name, String username, String password) {
        if (username == null || username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("username must be non-empty and without ':'");
        }
        return add(name, username, Objects.requireNonNull(password, "password"));
    }

    private Path add(String name, String username, String password) {
        Path dir = repositoryDir(name);
        try {
            ensureBareRepository(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create repository " + dir, e);
        }
        repositories.put(name, new Served(username, password));
        return dir;
    }

    /** The directory of the bare repository {@code name}, registered or not. */
    public Path repositoryDir(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..") || name.endsWith(".git")) {
            throw new IllegalArgumentException(
                    "repository name must be letters, digits, '.', '_' or '-', without '..' or a .git suffix: " + name);
        }
        return root.resolve(name + ".git");
    }

    /** {@code http://127.0.0.1:<port>/<name>.git}, without credentials. */
    public String url(String name) {
        repositoryDir(name); // validates the name
        return baseUrl() + "/" + name + ".git";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public Path root() {
        return root;
    }

    /** What repository {@code name} has served so far ({@link RequestCounts#NONE} if it is not registered). */
    public RequestCounts requests(String name) {
        Served served = repositories.get(name);
        return served == null ? RequestCounts.NONE : served.snapshot();
    }

    /** Counts of every registered repository, by name. */
    public Map<String, RequestCounts> requests() {
        Map<String, RequestCounts> all = new TreeMap<>();
        repositories.forEach((name, served) -> all.put(name, served.snapshot()));
        return all;
    }

    /** git processes running right now; 0 when the server is idle. */
    public int activeProcesses() {
        return cgi.active();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        cgi.killAll();
        handlers.shutdownNow();
        pumps.shutdownNow();
        timer.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (IOException | RuntimeException e) {
            // Not closing the exchange and rethrowing makes the JDK server drop the connection: closing would
            // write the last chunk, and a truncated response must not look complete.
            LOG.log(System.Logger.Level.DEBUG, "git http request aborted", e);
            throw e;
        }
        exchange.close();
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        if (path == null
                || path.contains("..")
                || path.contains("%")
                || path.contains("\\")
                || path.contains("//")
                || (query != null && query.contains(".."))) {
            plain(exchange, 400, "Bad request path\n");
            return;
        }
        Matcher route = ROUTE.matcher(path);
        Served served = route.matches() && !route.group(1).contains("..") ? repositories.get(route.group(1)) : null;
        if (served == null) {
            plain(exchange, 404, "Repository not found\n");
            return;
        }
        String user = served.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (user == null) {
            served.unauthorized.increment();
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            plain(exchange, 401, "Authentication required\n");
            return;
        }
        String endpoint = route.group(2);
        String method = exchange.getRequestMethod();
        if (endpoint.equals("info/refs")) {
            if (!method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                plain(exchange, 405, "Method not allowed\n");
                return;
            }
            if (!"service=git-upload-pack".equals(query) && !"service=git-receive-pack".equals(query)) {
                plain(exchange, 404, "Only the smart HTTP protocol is served\n");
                return;
            }
            served.infoRefs.increment();
        } else {
            if (!method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                plain(exchange, 405, "Method not allowed\n");
                return;
            }
            (endpoint.equals("git-upload-pack") ? served.uploadPack : served.receivePack).increment();
        }
        cgi.serve(exchange, path, query, user.isEmpty() ? null : user);
    }

    static void plain(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void ensureBareRepository(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            try (Git git = Git.init()
                    .setBare(true)
                    .setDirectory(dir.toFile())
                    .setInitialBranch("master")
                    .call()) {
                // created
            } catch (GitAPIException e) {
                throw new IOException("git init --bare " + dir + " failed", e);
            }
        }
        try (Repository repo = new FileRepositoryBuilder()
                .setGitDir(dir.toFile())
                .setMustExist(true)
                .build()) {
            if (!repo.isBare()) {
                throw new IOException(dir + " is not a bare repository");
            }
            // Anonymous push needs this: http-backend refuses receive-pack without REMOTE_USER otherwise.
            StoredConfig config = repo.getConfig();
            config.setBoolean("http", null, "receivepack", true);
            config.save();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One registered repository: its credentials (none when anonymous) and its counters. */
    private static final class Served {
        final byte[] username;
        final byte[] password;
        final LongAdder infoRefs = new LongAdder();
        final LongAdder uploadPack = new LongAdder();
        final LongAdder receivePack = new LongAdder();
        final LongAdder unauthorized = new LongAdder();

        Served(String username, String password) {
            this.username = username == null ? null : username.getBytes(StandardCharsets.UTF_8);
            this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        }

        /** The authenticated user, "" for an anonymous repository, null when the request must be refused. */
        String authenticate(String authorization) {
            if (username == null) {
                return "";
            }
            if (authorization == null
                    || authorization.length() < 6
                    || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = indexOf(decoded, (byte) ':');
            if (colon < 0) {
                return null;
            }
            byte[] user = Arrays.copyOfRange(decoded, 0, colon);
            byte[] pass = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
            // Evaluate both comparisons, constant-time each, so timing does not tell which one failed.
            boolean userOk = MessageDigest.isEqual(user, username);
            boolean passOk = MessageDigest.isEqual(pass, password);
            return userOk & passOk ? new String(user, StandardCharsets.UTF_8) : null;
        }

        RequestCounts snapshot() {
            return new RequestCounts(infoRefs.sum(), uploadPack.sum(), receivePack.sum(), unauthorized.sum());
        }

        private static int indexOf(byte[] bytes, byte b) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == b) {
                    return i;
                }
            }
            return -1;
        }
    }
}
