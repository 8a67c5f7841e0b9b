package io.sextant.embedded;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One CGI conversation with {@code git http-backend} per request (RFC 3875, as much of it as git uses):
 * the request becomes environment variables and the process's stdin, the process's stdout becomes the
 * response ({@code Status:} and other headers, a blank line, then the body, streamed chunked).
 *
 * <p>The process is started from an argument list, never a shell, with a clean environment: the parent's
 * {@code PATH}, {@code HOME} pointing at the project root (so no user's git config applies) and the CGI
 * variables. It is killed, with its children, when it outlives the timeout; if the response had already
 * started, {@link #serve} throws so the connection is dropped rather than ended cleanly.
 *
 * <p>Threading: thread-safe; each call of {@link #serve} uses two pump threads from the given pool.
 */
final class GitCgi {

    private static final System.Logger LOG = System.getLogger(GitCgi.class.getName());
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int STDERR_KEPT = 8 * 1024;

    private final String git;
    private final Path projectRoot;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final ExecutorService pumps;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();

    GitCgi(String git, Path projectRoot, Duration timeout, ScheduledExecutorService timer, ExecutorService pumps) {
        this.git = git;
        this.projectRoot = projectRoot;
        this.timeout = timeout;
        this.timer = timer;
        this.pumps = pumps;
    }

    int active() {
        return live.size();
    }

    void killAll() {
        live.forEach(GitCgi::kill);
    }

    /**
     * Runs {@code git http-backend} for one request whose path and query were already validated and
     * authorised. Does not close the exchange.
     *
     * @param remoteUser the authenticated user, or null for an anonymous request
     */
    void serve(HttpExchange exchange, String pathInfo, String query, String remoteUser) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(git, "http-backend")).directory(projectRoot.toFile());
        environment(builder.environment(), exchange, pathInfo, query, remoteUser);
        Process process = builder.start();
        live.add(process);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> killer = timer.schedule(
                () -> {
                    timedOut.set(true);
                    kill(process);
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        Future<?> stdin = pumps.submit(() -> pumpRequestBody(exchange, process));
        StderrTail stderr = new StderrTail();
        Future<?> stderrPump = pumps.submit(() -> stderr.drain(process.getErrorStream()));
        boolean responseStarted = false;
        try (InputStream stdout = new BufferedInputStream(process.getInputStream(), 64 * 1024)) {
            List<String[]> headers = readHeaders(stdout);
            if (headers == null) {
                await(stderrPump, 2);
                String why = timedOut.get() ? "timed out" : "ended without a response";
                LOG.log(System.Logger.Level.WARNING, "git http-backend {0} for {1}: {2}", why, pathInfo, stderr);
                GitHttpServer.plain(exchange, timedOut.get() ? 504 : 502, "git http-backend " + why + "\n");
                return;
            }
            int status = 200;
            long length = 0; // 0 = chunked
            Headers out = exchange.getResponseHeaders();
            for (String[] header : headers) {
                String name = header[0].toLowerCase(Locale.ROOT);
                switch (name) {
                    case "status" -> status = parseStatus(header[1]);
                    case "content-length" -> length = parseLength(header[1]);
                    case "transfer-encoding", "connection" -> {
                        /* hop-by-hop: ours to decide */
                    }
                    default -> out.add(header[0], header[1]);
                }
            }
            if (status == 204 || status == 304) {
                length = -1;
            }
            exchange.sendResponseHeaders(status, length);
            responseStarted = true;
            OutputStream body = exchange.getResponseBody();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = stdout.read(buffer)) > 0; ) {
                body.write(buffer, 0, n);
                body.flush(); // streams side-band progress as it comes
            }
            if (timedOut.get()) {
                throw new IOException("git http-backend timed out after " + timeout + " for " + pathInfo);
            }
        } finally {
            killer.cancel(false);
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    kill(process);
                }
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
            }
            live.remove(process);
            if (!responseStarted || timedOut.get()) {
                stdin.cancel(true);
            } else {
                await(stdin, 5);
            }
            stderrPump.cancel(true);
        }
    }

    private void environment(
            Map<String, String> env, HttpExchange exchange, String pathInfo, String query, String remoteUser) {
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        env.put("HOME", projectRoot.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        // Also set per repository at registration; repeated here so a replaced repository still accepts pushes.
        env.put("GIT_CONFIG_COUNT", "1");
        env.put("GIT_CONFIG_KEY_0", "http.receivepack");
        env.put("GIT_CONFIG_VALUE_0", "true");
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_PROTOCOL", exchange.getProtocol());
        env.put("SERVER_SOFTWARE", "sextant-git-http");
        env.put("SERVER_NAME", "127.0.0.1");
        env.put("SERVER_PORT", Integer.toString(exchange.getLocalAddress().getPort()));
        env.put("SCRIPT_NAME", "");
        env.put("PATH_INFO", pathInfo);
        env.put("QUERY_STRING", query == null ? "" : query);
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
        if (remoteUser != null) {
            env.put("REMOTE_USER", remoteUser);
            env.put("AUTH_TYPE", "Basic");
        }
        Headers in = exchange.getRequestHeaders();
        putHeader(env, "CONTENT_TYPE", in.getFirst("Content-Type"));
        // Absent when the body is chunked: http-backend then reads stdin to the end.
        String length = in.getFirst("Content-Length");
        if (length != null && length.trim().matches("\\d{1,18}")) {
            env.put("CONTENT_LENGTH", length.trim());
        }
        putHeader(env, "HTTP_CONTENT_ENCODING", in.getFirst("Content-Encoding"));
        putHeader(env, "GIT_PROTOCOL", in.getFirst("Git-Protocol"));
        putHeader(env, "HTTP_ACCEPT", in.getFirst("Accept"));
        putHeader(env, "HTTP_USER_AGENT", in.getFirst("User-Agent"));
    }

    private static void putHeader(Map<String, String> env, String name, String value) {
        // An environment value cannot hold NUL; control characters have no business in these headers.
        if (value != null && value.chars().noneMatch(c -> c < 0x20 && c != '\t')) {
            env.put(name, value);
        }
    }

    private static void pumpRequestBody(HttpExchange exchange, Process process) {
        try (OutputStream stdin = process.getOutputStream()) {
            exchange.getRequestBody().transferTo(stdin);
        } catch (IOException e) {
            // The process ended early (it answered an error) or the client went away: nothing to add.
        }
    }

    /** The CGI header block as name/value pairs, or null when stdout ended before the blank line. */
    static List<String[]> readHeaders(InputStream in) throws IOException {
        List<String[]> headers = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        for (int b; (b = in.read()) >= 0; ) {
            if (++total > MAX_HEADER_BYTES) {
                throw new IOException("CGI header block larger than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty()) {
                return headers;
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed CGI header line: " + text);
            }
            headers.add(new String[] {
                text.substring(0, colon).trim(), text.substring(colon + 1).trim()
            });
        }
        return null;
    }

    private static int parseStatus(String value) throws IOException {
        String code = value.split(" ", 2)[0];
        if (!code.matches("[1-5]\\d\\d")) {
            throw new IOException("bad CGI Status: " + value);
        }
        return Integer.parseInt(code);
    }

    private static long parseLength(String value) {
        return value.matches("\\d{1,18}") && Long.parseLong(value) > 0 ? Long.parseLong(value) : 0;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void await(Future<?> future, int seconds) {
        try {
            future.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            future.cancel(true);
        }
    }

    /** Keeps the last few KiB of stderr, for the log when a request fails. */
    private static final class StderrTail {
        private final byte[] tail = new byte[STDERR_KEPT];
        private int length;

        void drain(InputStream in) {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    append(buffer, n);
                }
            } catch (IOException e) {
                // process killed
            }
        }

        private synchronized void append(byte[] buffer, int n) {
            if (n >= tail.length) {
                System.arraycopy(buffer, n - tail.length, tail, 0, tail.length);
                length = tail.length;
                return;
            }
            int keep = Math.min(length, tail.length - n);
            System.arraycopy(tail, length - keep, tail, 0, keep);
            System.arraycopy(buffer, 0, tail, keep, n);
            length = keep + n;
        }

        @Override
        public synchronized String toString() {
            return new String(tail, 0, length, StandardCharsets.UTF_8).strip();
        }
    }
}
