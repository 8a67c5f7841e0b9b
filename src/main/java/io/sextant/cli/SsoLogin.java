package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.sextant.auth.OidcConfig;
import io.sextant.auth.OidcException;
import io.sextant.auth.OidcProvider;
import io.sextant.auth.SsoLogins;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code sextant login HOST --sso}: the CLI logs in at the server's OpenID provider itself, as Argo
 * CD's CLI does: the provider and CLI client come from the server's public settings, the user opens
 * the printed URL in a browser, and the provider sends the browser back to a listener on
 * {@code http://localhost:<sso-port>/auth/callback}. Authorization code with PKCE (S256), random
 * state and nonce, checked once; the ID token (signature, issuer, audience, expiry, nonce) becomes
 * the CLI's bearer token, which the server checks the same way.
 */
final class SsoLogin {

    static final String CALLBACK = "/auth/callback";
    private static final Duration WAIT = Duration.ofMinutes(5);

    private final SecureRandom random = new SecureRandom();

    /** The ID token and whose it is. */
    record Result(String token, String username) {
        @Override
        public String toString() {
            return "Result[" + username + "]";
        }
    }

    Result login(JsonNode settings, int port, PrintWriter out) {
        OidcConfig config = providerOf(settings);
        OidcProvider provider = new OidcProvider(config, Clock.systemUTC());
        String state = randomText();
        String nonce = randomText();
        String verifier = randomText();
        String redirect = "http://localhost:" + port + CALLBACK;
        CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new CliException("port " + port + " on localhost is taken: pick another with --sso-port");
        } catch (IOException e) {
            throw new CliException("cannot listen on localhost:" + port + ": " + e.getMessage());
        }
        server.createContext(CALLBACK, exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean ok = query.containsKey("code") && !query.containsKey("error");
            byte[] body = (ok ? "Logged in to Sextant. You may close this window." : "Login failed; see the terminal.")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(ok ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            callback.complete(query);
        });
        server.start();
        try {
            URI url = provider.authorizationUrl(redirect, state, nonce, SsoLogins.challenge(verifier));
            out.println("Opening this URL in a browser to log in through " + config.name() + ":");
            out.println(url);
            out.flush();
            Map<String, String> query = callback.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (query.containsKey("error")) {
                throw new CliException("the SSO provider refused the login: "
                        + query.getOrDefault("error_description", query.get("error")));
            }
            String given = query.getOrDefault("state", "");
            if (!MessageDigest.isEqual(
                    state.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
                throw new CliException("the SSO callback's state does not match this login; log in again");
            }
            OidcProvider.IdToken token = provider.exchange(query.getOrDefault("code", ""), verifier, redirect, nonce);
            String email = token.claims().getClaimValueAsString("email");
            return new Result(
                    token.raw(), email != null ? email : token.claims().getClaimValueAsString("sub"));
        } catch (OidcException e) {
            throw new CliException("SSO login failed: " + e.getMessage());
        } catch (TimeoutException e) {
            throw new CliException("no SSO login came back within " + WAIT.toMinutes() + " minutes");
        } catch (ExecutionException e) {
            throw new CliException("SSO login failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("SSO login interrupted");
        } finally {
            server.stop(0);
        }
    }

    /** The provider the server names in its settings: oidcConfig, or dexConfig for Dex run beside it. */
    static OidcConfig providerOf(JsonNode settings) {
        JsonNode oidc = settings.path("oidcConfig");
        JsonNode dex = settings.path("dexConfig");
        if (oidc.hasNonNull("issuer") && !oidc.path("issuer").asText().isBlank()) {
            String client = oidc.hasNonNull("cliClientID")
                    ? oidc.path("cliClientID").asText()
                    : oidc.path("clientID").asText();
            List<String> scopes = new ArrayList<>();
            oidc.path("scopes").forEach(s -> scopes.add(s.asText()));
            return new OidcConfig(
                    oidc.path("name").asText("SSO"),
                    oidc.path("issuer").asText(),
                    client,
                    null,
                    null,
                    scopes.isEmpty() ? OidcConfig.DEFAULT_SCOPES : scopes,
                    null,
                    oidc.path("rootCA").asText(null));
        }
        if (dex.hasNonNull("issuer") && !dex.path("issuer").asText().isBlank()) {
            if (!dex.hasNonNull("cliClientID")) {
                throw new CliException("the server's dex.config has no public client '" + OidcConfig.DEX_CLI_CLIENT_ID
                        + "' for the CLI (see deploy/k8s/dex)");
            }
            return new OidcConfig(
                    "Dex",
                    dex.path("issuer").asText(),
                    dex.path("cliClientID").asText(),
                    null,
                    null,
                    OidcConfig.DEFAULT_SCOPES,
                    null,
                    dex.path("rootCA").asText(null));
        }
        throw new CliException("the server has no SSO configured (sextant-cm oidc.config or dex.config)");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.putIfAbsent(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
