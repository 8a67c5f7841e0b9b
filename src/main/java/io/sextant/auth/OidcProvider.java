package io.sextant.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jose4j.http.Get;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * One OpenID provider as a client sees it: its discovery document, the authorization URL of a
 * code flow with PKCE, the code exchange at its token endpoint, and the check of the ID tokens it
 * signs (signature against its JWKS with an asymmetric algorithm only, issuer, audience, expiry,
 * and for a login the nonce). Every HTTP call verifies the provider's TLS certificate against
 * {@link OidcConfig#rootCa()} when set, else the JVM's CAs. Thread-safe; discovery is fetched
 * once and again after a failure.
 */
public final class OidcProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Clock skew tolerated on exp/iat/nbf. */
    private static final int SKEW_SECONDS = 30;

    private final OidcConfig config;
    private final Clock clock;
    private final SSLContext tls;
    private final HttpClient http;
    private volatile Discovery discovery;

    /** What discovery says: where to send the browser, where to exchange codes, where the keys are. */
    public record Discovery(
            String authorizationEndpoint,
            String tokenEndpoint,
            String jwksUri,
            String endSessionEndpoint,
            VerificationKeyResolver keys) {}

    public OidcProvider(OidcConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.tls = tls(config.rootCa());
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public OidcConfig config() {
        return config;
    }

    /**
     * The provider's authorization URL for a code flow with PKCE (S256).
     * @throws OidcException when the provider cannot be reached
     */
    public URI authorizationUrl(String redirectUri, String state, String nonce, String codeChallenge) {
        String q = "response_type=code&client_id=" + enc(config.clientId()) + "&redirect_uri=" + enc(redirectUri)
                + "&scope=" + enc(String.join(" ", config.requestedScopes())) + "&state=" + enc(state) + "&nonce="
                + enc(nonce) + "&code_challenge=" + enc(codeChallenge) + "&code_challenge_method=S256";
        String endpoint = discovery().authorizationEndpoint();
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + q);
    }

    /** A verified ID token: as the provider signed it, and its claims. */
    public record IdToken(String raw, JwtClaims claims) {
        @Override
        public String toString() {
            return "IdToken[...]";
        }
    }

    /**
     * Exchanges an authorization code (with its PKCE verifier) for the ID token, and checks it.
     * @throws OidcException when the provider refuses or the token does not verify
     */
    public IdToken exchange(String code, String codeVerifier, String redirectUri, String expectedNonce) {
        String form = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(redirectUri)
                + "&code_verifier=" + enc(codeVerifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(discovery().tokenEndpoint()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (config.clientSecret() != null) {
            String basic = enc(config.clientId()) + ":" + enc(config.clientSecret());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        } else {
            form += "&client_id=" + enc(config.clientId());
        }
        JsonNode body =
                send(request.POST(HttpRequest.BodyPublishers.ofString(form)).build(), "token endpoint");
        String idToken = body.path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw new OidcException("the provider's answer has no ID token (is 'openid' among requestedScopes?)");
        }
        JwtClaims claims = verify(idToken, List.of(config.clientId()));
        String nonce = claims.getClaimValueAsString("nonce");
        if (expectedNonce == null || !expectedNonce.equals(nonce)) {
            throw new OidcException("the ID token's nonce does not match this login");
        }
        return new IdToken(idToken, claims);
    }

    /**
     * Checks an ID token the provider signed for one of {@code audiences}.
     * @throws OidcException (expired or not) when it does not verify; the message never quotes the token
     */
    public JwtClaims verify(String idToken, List<String> audiences) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256,
                        AlgorithmIdentifiers.RSA_USING_SHA384,
                        AlgorithmIdentifiers.RSA_USING_SHA512,
                        AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
                        AlgorithmIdentifiers.EDDSA)
                .setVerificationKeyResolver(discovery().keys())
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(audiences.toArray(String[]::new))
                .setRequireSubject()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setAllowedClockSkewInSeconds(SKEW_SECONDS)
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
        try {
            return consumer.processToClaims(idToken);
        } catch (InvalidJwtException e) {
            throw new OidcException(
                    e.hasExpired() ? "the ID token has expired" : "the ID token does not verify", e.hasExpired());
        }
    }

    /** The provider's end-session endpoint from discovery, or null. */
    public String endSessionEndpoint() {
        return discovery().endSessionEndpoint();
    }

    Discovery discovery() {
        Discovery d = discovery;
        if (d == null) {
            synchronized (this) {
                d = discovery;
                if (d == null) {
                    d = discover();
                    discovery = d;
                }
            }
        }
        return d;
    }

    private Discovery discover() {
        String base = config.issuer().endsWith("/")
                ? config.issuer().substring(0, config.issuer().length() - 1)
                : config.issuer();
        JsonNode doc = send(
                HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                        .timeout(TIMEOUT)
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                "discovery document");
        // OpenID Discovery: the document's issuer must be the configured one exactly, or tokens would not match.
        if (!config.issuer().equals(doc.path("issuer").asText())) {
            throw new OidcException("the provider's discovery document names issuer '"
                    + doc.path("issuer").asText() + "', not the configured '" + config.issuer() + "'");
        }
        String auth = httpsUrl(doc, "authorization_endpoint");
        String token = httpsUrl(doc, "token_endpoint");
        String jwks = httpsUrl(doc, "jwks_uri");
        String endSession = doc.path("end_session_endpoint").asText(null);
        HttpsJwks keys = new HttpsJwks(jwks);
        Get get = new Get();
        get.setSslSocketFactory(tls.getSocketFactory());
        keys.setSimpleHttpGet(get);
        return new Discovery(auth, token, jwks, endSession, new HttpsJwksVerificationKeyResolver(keys));
    }

    private static String httpsUrl(JsonNode doc, String field) {
        String v = doc.path(field).asText("");
        if (!v.startsWith("https://")) {
            throw new OidcException("the provider's discovery document has no https " + field);
        }
        return v;
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OidcException("cannot reach the OpenID provider's " + what + " at "
                    + request.uri().getHost()
                    + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); check its URL and, for a private CA, rootCA");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OidcException("interrupted while calling the OpenID provider");
        }
        if (response.statusCode() != 200) {
            JsonNode err = parse(response.body());
            String reason = err == null ? "" : err.path("error").asText("");
            throw new OidcException("the OpenID provider's " + what + " answered " + response.statusCode()
                    + (reason.isEmpty() ? "" : " (" + reason + ")"));
        }
        JsonNode body = parse(response.body());
        if (body == null) {
            throw new OidcException("the OpenID provider's " + what + " did not answer JSON");
        }
        return body;
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** TLS trusting {@code pem} (one or more certificates) alone, or the JVM's default CAs. */
    static SSLContext tls(String pem) {
        try {
            if (pem == null) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("rootCA holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("rootCA cannot be read as PEM certificates: " + e.getMessage());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
