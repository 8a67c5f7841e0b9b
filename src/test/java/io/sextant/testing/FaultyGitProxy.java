package io.sextant.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a git HTTP server that fails the ways real servers and the networks
 * before them do, switched by {@link #mode}:
 *
 * <ul>
 *   <li>{@link Mode#FORWARD}: bytes pass both ways untouched;
 *   <li>{@link Mode#HANG_MID_RESPONSE}: the request reaches the server, and of its response the status line,
 *       the headers and the first {@value #BODY_BYTES_BEFORE_HANG} bytes of the body pass; then nothing more
 *       is sent, but the connection stays open (a stalled server or load balancer, which only a read timeout
 *       ends);
 *   <li>{@link Mode#GARBAGE}: every request is answered by the proxy itself with {@code 200 OK}, the
 *       content type of a smart-HTTP advertisement, and a body of random bytes that is not the git protocol
 *       (a captive portal or a misconfigured gateway).
 * </ul>
 *
 * <p>The mode of a connection is fixed when it is accepted. A forwarded answer says {@code Connection: close},
 * so every request comes on a new connection and gets the mode of its moment (a kept-alive connection would
 * carry the old mode past a switch, and closing it under the client reads as "Unexpected end of file"). A
 * switch closes hung connections at once; a forwarding one is also closed if its client starts another
 * request on it, while a response in flight is not cut.
 *
 * <p>Threading: thread-safe; every connection is served by daemon threads. {@link #close()} is idempotent and
 * closes the listening socket and every connection.
 */
public final class FaultyGitProxy implements AutoCloseable {

    public enum Mode {
        FORWARD,
        HANG_MID_RESPONSE,
        GARBAGE
    }

    /** Body bytes passed before a hang: less than any git response body, so every hang is mid-response. */
    public static final int BODY_BYTES_BEFORE_HANG = 24;

    private static final int GARBAGE_BYTES = 4096;
    private static final int MAX_REQUEST_HEAD = 64 * 1024;

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger hangs = new AtomicInteger();
    private final AtomicInteger garbageAnswers = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private volatile Mode mode = Mode.FORWARD;
    /**
     * Released when the mode changes or the proxy closes: what a hung connection waits for, and what tells a
     * forwarding connection to close before its next request.
     */
    private volatile CountDownLatch switched = new CountDownLatch(1);

    private volatile boolean closed;

    private FaultyGitProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("accept", this::acceptLoop);
    }

    /** A proxy on a free loopback port in front of {@code 127.0.0.1:targetPort}, in {@link Mode#FORWARD}. */
    public static FaultyGitProxy start(int targetPort) throws IOException {
        return new FaultyGitProxy(targetPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code serverUrl} (a URL of the proxied server) with this proxy's host and port: the same path. */
    public String urlOf(String serverUrl) {
        URI uri = URI.create(serverUrl);
        return "http://127.0.0.1:" + port() + uri.getRawPath();
    }

    /** Switches the mode for new connections and ends those of the old mode (see above). */
    public void mode(Mode next) {
        CountDownLatch old = switched;
        switched = new CountDownLatch(1);
        mode = next;
        old.countDown();
    }

    /** Responses stopped mid-way so far. */
    public int hangs() {
        return hangs.get();
    }

    /** Requests answered with garbage so far. */
    public int garbageAnswers() {
        return garbageAnswers.get();
    }

    @Override
    public void close() {
        closed = true;
        switched.countDown();
        closeQuietly(server);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(client);
            // Read before the mode: a switch after this read releases this connection.
            CountDownLatch release = switched;
            Mode now = mode;
            if (now == Mode.GARBAGE) {
                daemon("garbage", () -> answerWithGarbage(client));
            } else {
                daemon("forward", () -> forward(client, now, release));
            }
        }
    }

    private void forward(Socket client, Mode now, CountDownLatch release) {
        Socket upstream = new Socket();
        open.add(upstream);
        try {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
            daemon("request", () -> forwardRequests(client, upstream, release));
            if (now == Mode.HANG_MID_RESPONSE) {
                passThenHang(upstream, client, release);
            } else {
                answerThenClose(upstream, client);
            }
        } catch (IOException e) {
            closeBoth(client, upstream);
        }
    }

    /** Client to server, until the mode changes: then the connection closes before the next request. */
    private void forwardRequests(Socket client, Socket upstream, CountDownLatch release) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0 && release.getCount() > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: so does the other
        }
        closeBoth(client, upstream);
    }

    /**
     * Passes the server's answer with {@code Connection: close} added after its status line, so the client
     * opens a new connection for its next request, which then gets the mode of that moment: a kept-alive
     * connection would carry a request made after a switch on the old mode's connection.
     */
    private void answerThenClose(Socket upstream, Socket client) {
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            int previous = -1;
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
                if (previous == '\r' && b == '\n') {
                    out.write("Connection: close\r\n".getBytes(StandardCharsets.US_ASCII));
                    break;
                }
                previous = b;
            }
            out.flush();
        } catch (IOException e) {
            closeBoth(upstream, client);
            return;
        }
        pipe(upstream, client);
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: so does the other
        }
        closeBoth(from, to);
    }

    /**
     * Passes the response head and a few body bytes, then sends nothing more and holds the connection open
     * until the mode changes or the proxy closes.
     */
    private void passThenHang(Socket upstream, Socket client, CountDownLatch release) throws IOException {
        InputStream in = upstream.getInputStream();
        OutputStream out = client.getOutputStream();
        int matched = 0; // of "\r\n\r\n"
        int bodyLeft = -1;
        while (bodyLeft != 0) {
            int b = in.read();
            if (b < 0) {
                closeBoth(upstream, client);
                return;
            }
            out.write(b);
            if (bodyLeft > 0) {
                bodyLeft--;
            } else {
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    bodyLeft = BODY_BYTES_BEFORE_HANG;
                }
            }
        }
        out.flush();
        hangs.incrementAndGet();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeBoth(upstream, client);
    }

    /** Reads one request (head and body) and answers it with 200 and random bytes, then closes. */
    private void answerWithGarbage(Socket client) {
        try {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                closeQuietly(client);
                return;
            }
            drainBody(in, head.toLowerCase(Locale.ROOT));
            byte[] body = new byte[GARBAGE_BYTES];
            new Random(24).nextBytes(body);
            body[0] = (byte) 0xff; // never a pkt-line length, whatever the seed gives
            String service = head.contains("git-receive-pack") ? "git-receive-pack" : "git-upload-pack";
            String type = head.startsWith("GET ")
                    ? "application/x-" + service + "-advertisement"
                    : "application/x-" + service + "-result";
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                            + "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            garbageAnswers.incrementAndGet();
        } catch (IOException e) {
            // the client went away
        }
        closeQuietly(client);
    }

    /** The request line and headers, or null at end of stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_REQUEST_HEAD) {
                return null;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void drainBody(InputStream in, String head) throws IOException {
        int at = head.indexOf("\ncontent-length:");
        if (at >= 0) {
            int end = head.indexOf('\r', at);
            long length = Long.parseLong(
                    head.substring(at + "\ncontent-length:".length(), end).trim());
            in.skipNBytes(length);
        } else if (head.contains("\ntransfer-encoding: chunked")) {
            while (true) {
                String line = readLine(in);
                int semicolon = line.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return;
                }
                in.skipNBytes(size);
                readLine(in);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("end of stream in a chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void daemon(String role, Runnable body) {
        Thread thread = new Thread(body, "faulty-git-proxy-" + role + "-" + threads.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        open.remove(a);
        open.remove(b);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
