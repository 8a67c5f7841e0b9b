package io.sextant.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import io.sextant.auth.AccountStore;
import io.sextant.auth.InitialAdmin;
import io.sextant.auth.LoginService;
import io.sextant.auth.LoginThrottle;
import io.sextant.auth.Passwords;
import io.sextant.auth.RevokedTokens;
import io.sextant.auth.TokenService;
import io.sextant.auth.VerifiedToken;
import io.sextant.config.SextantConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Sessions of local accounts for the API and pages: login (throttled), logout, token verification.
 * At start, a server process makes sure admin has a first password (Secret
 * {@code sextant-initial-admin-secret}) and tokens have a signing key, as Argo CD does.
 */
@Singleton
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final LoginService logins;
    private final InitialAdmin initialAdmin;
    private final AccountStore store;

    public SessionService(KubernetesClient client, SextantConfig config) {
        Clock clock = Clock.systemUTC();
        Passwords passwords = new Passwords();
        this.store = new AccountStore(client, config.namespace(), clock, Duration.ofSeconds(5), passwords);
        RevokedTokens revoked = new RevokedTokens(client, config.namespace(), clock, 10_000, Duration.ofSeconds(5));
        TokenService tokens = new TokenService(store, revoked, clock, TokenService.DEFAULT_LIFETIME);
        this.logins = new LoginService(store, tokens, LoginThrottle.defaults(clock), passwords);
        this.initialAdmin = new InitialAdmin(client, store, passwords, clock);
    }

    void onStart(@Observes @Priority(50) StartupEvent event, SextantConfig config) {
        if (!config.roles().contains("server")) {
            return;
        }
        try {
            InitialAdmin.Result r = initialAdmin.ensureBootstrap();
            if (r.adminPasswordCreated()) {
                LOG.infof("The admin password is in Secret sextant-initial-admin-secret (key password) of namespace %s",
                        config.namespace());
            }
        } catch (RuntimeException e) {
            // The API refuses logins until it works; the cause is logged once here.
            LOG.errorf("Cannot set up the admin account: %s", e.getMessage());
        }
    }

    /** @throws io.sextant.auth.AuthenticationException for any failure, with a message safe to show */
    public String login(String username, String password) {
        try {
            return logins.login(username, password);
        } catch (IllegalStateException missingKey) {
            // sextant-secret lost its signing key (deleted by hand?): make it again, as at first start.
            LOG.warnf("Sessions cannot be signed (%s); setting up the signing key again", missingKey.getMessage());
            initialAdmin.ensureBootstrap();
            store.invalidate();
            return logins.login(username, password);
        }
    }

    public void logout(String token) {
        logins.logout(token);
    }

    /** @throws io.sextant.auth.AuthenticationException when the token is not (or no longer) valid */
    public VerifiedToken verify(String token) {
        return logins.verify(token);
    }
}
