package io.sextant.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Credentials from a cluster Secret's {@code execProviderConfig}, as kubectl's client-go gets them
 * (reference/access-authn-authz/authentication, "client-go credential plugins"): the command runs with its
 * argument list (never a shell), the Secret's {@code env} added to Sextant's own environment and
 * {@code KUBERNETES_EXEC_INFO} saying it is not interactive; it must print an {@code ExecCredential} of the
 * configured apiVersion whose status holds a {@code token} (with an optional {@code expirationTimestamp}).
 * The token is kept until it expires (for ever when it has no expiry) and the command run again only then.
 *
 * <p>Bounded: a command that does not end within {@link #TIMEOUT} is killed, its output is read up to
 * {@link #MAX_OUTPUT} bytes, and what it prints is never quoted in a message (it holds the credential).
 * Client certificates from a plugin are refused: only tokens (what cloud plugins print).
 */
public final class ExecCredentials implements OAuthTokenProvider {

    /** How long the command may run. client-go has no limit; a controller cannot wait for ever. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final int MAX_OUTPUT = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Refreshed this long before it expires, so a request never carries a token that dies in flight. */
    private static final Duration EARLY = Duration.ofSeconds(10);

    /** The plugin's settings from the Secret. */
    public record Command(String command, List<String> args, Map<String, String> env, String apiVersion) {
        @Override
        public String toString() {
            return "exec " + command; // env values may be secrets
        }
    }

    /** The plugin failed: the message says how, never what it printed. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    private final Command command;
    private final Clock clock;
    private String token;
    private Instant expires;

    public ExecCredentials(Command command) {
        this(command, Clock.systemUTC());
    }

    ExecCredentials(Command command, Clock clock) {
        this.command = command;
        this.clock = clock;
    }

    /** The current token, running the command when there is none or it is about to expire. */
    @Override
    public synchronized String getToken() {
        if (token == null || (expires != null && !clock.instant().isBefore(expires.minus(EARLY)))) {
            run();
        }
        return token;
    }

    private void run() {
        List<String> argv = new ArrayList<>();
        argv.add(command.command());
        argv.addAll(command.args());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(false);
        pb.environment().putAll(command.env());
        pb.environment()
                .put(
                        "KUBERNETES_EXEC_INFO",
                        "{\"apiVersion\":\"" + command.apiVersion()
                                + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD); // may echo secrets; not ours to log
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new Failed("exec plugin '" + command.command() + "' cannot be started: " + e.getMessage());
        }
        try {
            p.getOutputStream().close(); // no stdin: never interactive
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new Failed(
                        "exec plugin '" + command.command() + "' did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new Failed("exec plugin '" + command.command() + "' exited with " + p.exitValue());
            }
            parse(out.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Failed("exec plugin '" + command.command() + "' interrupted");
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new Failed("exec plugin '" + command.command() + "': its output could not be read");
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() + n > MAX_OUTPUT) {
                    return null; // too much: refused below, the rest drained by the kill
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private void parse(byte[] output) throws IOException {
        String what = "exec plugin '" + command.command() + "'";
        if (output == null) {
            throw new Failed(what + " printed more than " + MAX_OUTPUT / 1024 + " KiB");
        }
        JsonNode cred;
        try {
            cred = JSON.readTree(new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Failed(what + " printed no ExecCredential (its output is not JSON)");
        }
        if (cred == null
                || !cred.isObject()
                || !"ExecCredential".equals(cred.path("kind").asText())) {
            throw new Failed(what + " printed no ExecCredential (kind must be ExecCredential)");
        }
        if (!command.apiVersion().equals(cred.path("apiVersion").asText())) {
            throw new Failed(what + " printed an ExecCredential of apiVersion '"
                    + printable(cred.path("apiVersion").asText()) + "', not the configured '" + command.apiVersion()
                    + "'");
        }
        JsonNode status = cred.path("status");
        if (status.hasNonNull("clientCertificateData") || status.hasNonNull("clientKeyData")) {
            throw new Failed(what + " gave a client certificate: Sextant takes only tokens from exec plugins");
        }
        String t = status.path("token").asText("");
        if (t.isEmpty()) {
            throw new Failed(what + " printed an ExecCredential without status.token");
        }
        Instant until = null;
        String exp = status.path("expirationTimestamp").asText("");
        if (!exp.isEmpty()) {
            try {
                until = Instant.parse(exp);
            } catch (DateTimeParseException e) {
                throw new Failed(what + " printed an expirationTimestamp that is not RFC 3339");
            }
        }
        token = t;
        expires = until;
    }

    private static String printable(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s.replaceAll("\\p{Cntrl}", "?");
    }
}
