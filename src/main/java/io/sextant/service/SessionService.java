package io.sextant.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import io.sextant.auth.AccountStore;
import io.sextant.auth.AuthenticationException;
import io.sextant.auth.InitialAdmin;
import io.sextant.auth.InternalRequests;
import io.sextant.auth.LoginLockouts;
import io.sextant.auth.LoginService;
import io.sextant.auth.LoginThrottle;
import io.sextant.auth.OidcException;
import io.sextant.auth.Passwords;
import io.sextant.auth.RevokedTokens;
import io.sextant.auth.SsoLogins;
import io.sextant.auth.Subject;
import io.sextant.auth.TokenService;
import io.sextant.auth.VerifiedToken;
import io.sextant.config.SelfSignedCertificate;
import io.sextant.config.SextantConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Sessions for the API and pages: local-account login (throttled), SSO login (through {@link SsoService}),
 * logout, token verification.
 * At start, a server process makes sure admin has a first password (Secret
 * {@code sextant-initial-admin-secret}) and tokens have a signing key, as Argo CD does.
 */
@Singleton
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final LoginService logins;
    private final InitialAdmin initialAdmin;
    private final AccountStore store;
    private final TokenService tokens;
    private final RevokedTokens revoked;
    private final SsoService sso;
    private final SsoLogins ssoLogins;
    private final InternalRequests internal;

    public SessionService(KubernetesClient client, SextantConfig config, SsoService sso) {
        Clock clock = Clock.systemUTC();
        Passwords passwords = new Passwords();
        this.store = new AccountStore(client, config.namespace(), clock, Duration.ofSeconds(5), passwords);
        this.revoked = new RevokedTokens(client, config.namespace(), clock, 10_000, Duration.ofSeconds(5));
        this.tokens = new TokenService(store, revoked, clock, TokenService.DEFAULT_LIFETIME);
        this.sso = sso;
        this.ssoLogins = new SsoLogins(store::signingKey, revoked, clock);
        this.internal = new InternalRequests(store::signingKey, clock);
        this.logins = new LoginService(
                store,
                tokens,
                LoginThrottle.defaults(
                        clock, new LoginLockouts(client, config.namespace(), clock, Duration.ofSeconds(5))),
                passwords);
        this.initialAdmin = new InitialAdmin(client, store, passwords, clock);
    }

    /** Signs and checks reads one Sextant process makes of another (a server asking its controller). */
    public InternalRequests internal() {
        return internal;
    }

    void onStart(@Observes @Priority(50) StartupEvent event, SextantConfig config) {
        if (!config.roles().contains("server")) {
            return;
        }
        String selfSigned = SelfSignedCertificate.madeFingerprint();
        if (selfSigned != null) {
            LOG.infof(
                    "No TLS certificate was given: serving HTTPS with a self-signed one made at this start "
                            + "(SHA-256 fingerprint %s); mount Secret sextant-server-tls and restart to use your own",
                    selfSigned);
        }
        try {
            InitialAdmin.Result r = initialAdmin.ensureBootstrap();
            if (r.adminPasswordCreated()) {
                LOG.infof(
                        "The admin password is in Secret sextant-initial-admin-secret (key password) of namespace %s",
                        config.namespace());
            }
        } catch (RuntimeException e) {
            // The API refuses logins until it works; the cause is logged once here.
            LOG.errorf("Cannot set up the admin account: %s", e.getMessage());
        }
    }

    /** @throws io.sextant.auth.AuthenticationException for any failure, with a message safe to show */
    public String login(String username, String password) {
        return login(username, password, null);
    }

    /**
     * The address a login came from: the TCP peer, or the client a trusted proxy names when
     * {@code quarkus.http.proxy.*} says to believe it (Vert.x applies that to the remote address).
     */
    public static String source(io.vertx.core.http.HttpServerRequest request) {
        if (request == null || request.remoteAddress() == null) {
            return null;
        }
        return request.remoteAddress().hostAddress();
    }

    /** As above, from the client at {@code source} (see {@link io.sextant.auth.SourceThrottle}). */
    public String login(String username, String password, String source) {
        try {
            return logins.login(username, password, source);
        } catch (IllegalStateException missingKey) {
            // sextant-secret lost its signing key (deleted by hand?): make it again, as at first start.
            LOG.warnf("Sessions cannot be signed (%s); setting up the signing key again", missingKey.getMessage());
            initialAdmin.ensureBootstrap();
            store.invalidate();
            return logins.login(username, password, source);
        }
    }

    /** Logs a session out; an ID token of the provider is refused from now on until it expires. */
    public void logout(String token) {
        if (sso.isProviderToken(token)) {
            VerifiedToken v = verify(token);
            revoked.revoke(v.id(), TokenService.owner(v), v.issuedAt(), v.expiresAt());
            return;
        }
        logins.logout(token);
    }

    /**
     * The one identity of a request from its {@code Authorization} header and {@code argocd.token}
     * cookie: empty when neither is given.
     *
     * @throws AuthenticationException when a credential is given and does not verify (an empty or
     *         non-Bearer {@code Authorization} header included), or when the two name different users
     */
    public Optional<Subject> identify(String authorization, String cookie) throws AuthenticationException {
        Subject fromHeader = null;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    || authorization.substring(7).isBlank()) {
                throw new AuthenticationException(
                        AuthenticationException.Reason.INVALID_TOKEN,
                        "invalid Authorization header: expected \"Bearer <token>\"");
            }
            fromHeader = verify(authorization.substring(7).trim()).subject();
        }
        Subject fromCookie = null;
        if (cookie != null && !cookie.isBlank()) {
            fromCookie = verify(cookie).subject();
        }
        if (fromHeader != null && fromCookie != null && !fromHeader.equals(fromCookie)) {
            throw new AuthenticationException(
                    AuthenticationException.Reason.INVALID_TOKEN,
                    "the Authorization header and the argocd.token cookie name different users");
        }
        return Optional.ofNullable(fromHeader != null ? fromHeader : fromCookie);
    }

    /**
     * Whose {@code token} is: a Sextant session (local account or SSO), or an ID token the SSO
     * provider issued to Sextant's client or CLI client (as the CLI sends after {@code login --sso}).
     * @throws AuthenticationException when the token is not (or no longer) valid
     */
    public VerifiedToken verify(String token) {
        if (token != null && token.length() <= 8192 && sso.isProviderToken(token)) {
            JwtClaims claims;
            try {
                claims = sso.verifyIdToken(token);
            } catch (OidcException e) {
                throw e.expired()
                        ? new AuthenticationException(
                                AuthenticationException.Reason.EXPIRED_TOKEN,
                                AuthenticationException.EXPIRED_TOKEN_MESSAGE)
                        : new AuthenticationException(
                                AuthenticationException.Reason.INVALID_TOKEN,
                                AuthenticationException.INVALID_TOKEN_MESSAGE);
            }
            // ID tokens have no jti of ours: logout revokes them by a hash of the whole token.
            String id = idOf(token);
            if (revoked.isRevoked(id)) {
                throw new AuthenticationException(
                        AuthenticationException.Reason.INVALID_TOKEN, AuthenticationException.INVALID_TOKEN_MESSAGE);
            }
            try {
                Subject subject = sso.subject(claims);
                // As at the browser login: a provider name equal to a local account's would inherit that
                // account's RBAC lines (an IdP user called admin). Security review L5.
                if (subject.username() == null
                        || subject.username().isBlank()
                        || store.find(subject.username()).isPresent()) {
                    throw new AuthenticationException(
                            AuthenticationException.Reason.INVALID_TOKEN,
                            "the provider's user name is empty or the name of a local account; SSO users need names of their own");
                }
                VerifiedToken v = new VerifiedToken(
                        subject.username(),
                        subject.groups(),
                        id,
                        Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                        Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                        claims.getIssuer());
                if (revoked.isRevoked(id, TokenService.owner(v), v.issuedAt())) {
                    throw new AuthenticationException(
                            AuthenticationException.Reason.INVALID_TOKEN,
                            AuthenticationException.INVALID_TOKEN_MESSAGE);
                }
                return v;
            } catch (MalformedClaimException e) {
                throw new AuthenticationException(
                        AuthenticationException.Reason.INVALID_TOKEN, AuthenticationException.INVALID_TOKEN_MESSAGE);
            }
        }
        return logins.verify(token);
    }

    /**
     * Starts an SSO login returning to {@code returnUrl} (a local path the caller checked).
     * @throws OidcException when SSO cannot be used, saying why
     */
    public SsoService.Redirect ssoBegin(String returnUrl) {
        return sso.begin(returnUrl, ssoLogins);
    }

    /**
     * Finishes an SSO login at the callback and opens a Sextant session for the user: a token of
     * ours rather than the provider's ID token, so logout, CSRF and expiry work as for local
     * accounts and the groups are read from the ID token once.
     * @throws OidcException saying why the login failed
     */
    public SsoSession ssoSession(String code, String state, String stateCookie) {
        SsoService.Finished f = sso.finish(code, state, stateCookie, ssoLogins, store);
        LOG.infof(
                "SSO login of %s (groups %s)",
                f.subject().username(), f.subject().groups());
        return new SsoSession(tokens.issueSso(f.subject(), f.issuer()), f.returnUrl());
    }

    /** A session opened by SSO and where the browser goes next. */
    public record SsoSession(String token, String returnUrl) {
        @Override
        public String toString() {
            return "SsoSession[returnUrl=" + returnUrl + "]";
        }
    }

    /** Where the browser goes after an SSO session logs out, if the provider has a logout URL. */
    public Optional<String> ssoLogoutUrl() {
        return sso.logoutUrl();
    }

    private static String idOf(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "idtoken-" + Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
