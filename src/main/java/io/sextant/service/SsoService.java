package io.sextant.service;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.auth.AccountStore;
import io.sextant.auth.OidcConfig;
import io.sextant.auth.OidcException;
import io.sextant.auth.OidcProvider;
import io.sextant.auth.RbacSettings;
import io.sextant.auth.SsoIdentity;
import io.sextant.auth.SsoLogins;
import io.sextant.auth.Subject;
import io.sextant.config.ClusterSettings;
import io.sextant.config.SextantConfig;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Single sign-on through the OpenID provider of sextant-cm ({@code oidc.config} or {@code dex.config}):
 * the authorization-code flow with PKCE for the dashboard, and the check of the provider's ID tokens
 * that clients (the CLI after {@code login --sso}) present as bearer tokens. A finished login becomes
 * a Sextant session (see {@link SessionService#ssoSession}). The settings are read again every few
 * seconds; a provider is rebuilt only when its settings change. Thread-safe.
 */
@Singleton
public class SsoService {

    /** The dashboard's callback path, as Argo CD's. */
    public static final String CALLBACK_PATH = "/auth/callback";

    private static final long TTL_NANOS = 5_000_000_000L;
    private static final String PART_OF = "app.kubernetes.io/part-of";

    private final KubernetesClient client;
    private final SextantConfig config;
    private final RbacSettings rbac;
    private final Clock clock = Clock.systemUTC();
    private volatile Current current;
    private volatile long readAt;

    /** The settings last read: the provider (or none, or why it cannot be used) and sextant-cm's url. */
    private record Current(OidcProvider provider, String error, String url) {}

    /** A login to send the browser to: the provider's URL and the cookie that remembers the login. */
    public record Redirect(URI location, String stateCookie) {}

    /** A finished login: who, and where the browser goes next. */
    public record Finished(Subject subject, String issuer, String returnUrl) {}

    public SsoService(KubernetesClient client, SextantConfig config, RbacSettings rbac) {
        this.client = client;
        this.config = config;
        this.rbac = rbac;
    }

    /** Whether an SSO provider is configured (perhaps wrongly: then logging in says why). */
    public boolean configured() {
        Current c = current();
        return c.provider != null || c.error != null;
    }

    /**
     * Starts a login that comes back to {@code returnUrl} (a local path the caller checked).
     * @throws OidcException when SSO is off, misconfigured or the provider unreachable
     */
    public Redirect begin(String returnUrl, SsoLogins logins) {
        OidcProvider provider = provider();
        SsoLogins.Started started = logins.start(returnUrl);
        URI location =
                provider.authorizationUrl(redirectUri(), started.state(), started.nonce(), started.codeChallenge());
        return new Redirect(location, started.cookie());
    }

    /**
     * Finishes a login at the callback: the state against the browser's cookie (single use), the
     * code exchanged with PKCE, the ID token verified (signature, issuer, audience, expiry, nonce).
     * @throws OidcException saying why the login failed
     */
    public Finished finish(String code, String state, String stateCookie, SsoLogins logins, AccountStore accounts) {
        OidcProvider provider = provider();
        SsoLogins.Pending pending = logins.finish(state, stateCookie);
        if (code == null || code.isBlank()) {
            throw new OidcException("the provider sent no authorization code: log in again");
        }
        JwtClaims claims = provider.exchange(code, pending.codeVerifier(), redirectUri(), pending.nonce())
                .claims();
        Subject subject = SsoIdentity.subject(claims, rbac.scopes());
        // A provider name equal to a local account's would inherit that account's RBAC lines (admin!).
        if (subject.username() == null
                || subject.username().isBlank()
                || accounts.find(subject.username()).isPresent()) {
            throw new OidcException("the provider's user name is empty or the name of a local account; "
                    + "SSO users need names (email) of their own");
        }
        return new Finished(subject, provider.config().issuer(), pending.returnUrl());
    }

    /**
     * Whether {@code token} claims to be from the configured provider (unverified; only to choose
     * the check), so a Sextant session token is never sent to the provider's check.
     */
    public boolean isProviderToken(String token) {
        Current c = current();
        if (c.provider == null) {
            return false;
        }
        try {
            JwtClaims unverified = new JwtConsumerBuilder()
                    .setSkipAllValidators()
                    .setDisableRequireSignature()
                    .setSkipSignatureVerification()
                    .build()
                    .processToClaims(token);
            return c.provider.config().issuer().equals(unverified.getIssuer());
        } catch (InvalidJwtException | MalformedClaimException e) {
            return false;
        }
    }

    /**
     * Checks an ID token the provider issued to Sextant (its client or CLI client) and tells whose it is.
     * @throws OidcException when it does not verify
     */
    public JwtClaims verifyIdToken(String token) {
        OidcProvider provider = provider();
        List<String> audiences = new ArrayList<>(List.of(provider.config().clientId()));
        if (provider.config().cliClientId() != null) {
            audiences.add(provider.config().cliClientId());
        }
        return provider.verify(token, audiences);
    }

    public Subject subject(JwtClaims claims) {
        return SsoIdentity.subject(claims, rbac.scopes());
    }

    /** Where the browser goes after logging out of an SSO session: the provider's logoutURL, or empty. */
    public Optional<String> logoutUrl() {
        Current c = current();
        if (c.provider == null || c.provider.config().logoutUrl() == null) {
            return Optional.empty();
        }
        String back = c.url == null ? "" : c.url + "/login";
        return Optional.of(c.provider.config().logoutUrl().replace("{{logoutRedirectURL}}", back));
    }

    private OidcProvider provider() {
        Current c = current();
        if (c.provider == null) {
            throw new OidcException(
                    c.error != null ? c.error : "SSO is not configured: add oidc.config or dex.config to sextant-cm");
        }
        return c.provider;
    }

    private String redirectUri() {
        String url = current().url;
        if (url == null) {
            throw new OidcException(
                    "SSO needs sextant-cm 'url' (the dashboard's external URL, e.g. https://sextant.example.com)"
                            + " to build its callback URL");
        }
        return url + CALLBACK_PATH;
    }

    private Current current() {
        long now = System.nanoTime();
        Current c = current;
        if (c == null || now - readAt > TTL_NANOS) {
            synchronized (this) {
                if (current == null || now - readAt > TTL_NANOS) {
                    current = read(current);
                    readAt = System.nanoTime();
                }
                c = current;
            }
        }
        return c;
    }

    private Current read(Current before) {
        Map<String, String> cm;
        try {
            cm = ClusterSettings.read(client, config.namespace()).all();
        } catch (KubernetesClientException e) {
            return before != null ? before : new Current(null, "cannot read sextant-cm: " + e.getMessage(), null);
        }
        String url = cm.get("url");
        url = url == null || url.isBlank() ? null : url.strip().replaceAll("/+$", "");
        try {
            Optional<OidcConfig> oidc = OidcConfig.from(cm, this::secret);
            if (oidc.isEmpty()) {
                return new Current(null, null, url);
            }
            // Keep the provider (its discovery and keys) while its settings stay the same.
            OidcProvider provider = before != null
                            && before.provider != null
                            && before.provider.config().equals(oidc.get())
                    ? before.provider
                    : new OidcProvider(oidc.get(), clock);
            return new Current(provider, null, url);
        } catch (IllegalArgumentException e) {
            return new Current(null, e.getMessage(), url);
        }
    }

    private Optional<String> secret(String name, String key) {
        Secret s = client.secrets()
                .inNamespace(config.namespace())
                .withName(name == null ? AccountStore.SECRET : name)
                .get();
        if (s == null
                || name != null
                        && (s.getMetadata().getLabels() == null
                                || !"sextant".equals(s.getMetadata().getLabels().get(PART_OF)))) {
            return Optional.empty();
        }
        if (s.getStringData() != null && s.getStringData().containsKey(key)) {
            return Optional.of(s.getStringData().get(key));
        }
        String data = s.getData() == null ? null : s.getData().get(key);
        return data == null
                ? Optional.empty()
                : Optional.of(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8).strip());
    }
}
