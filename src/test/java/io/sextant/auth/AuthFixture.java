package io.sextant.auth;

import java.time.Clock;
import java.time.Duration;

/**
 * The auth classes wired as a server replica would wire them, over one test namespace; bcrypt
 * cost 4 keeps tests fast. Caches are off (TTL 0) so each check reads the cluster.
 */
final class AuthFixture {

    final TestCluster cluster;
    final Clock clock;
    final Passwords passwords = new Passwords(4);
    final AccountStore store;
    final InitialAdmin initialAdmin;
    final RevokedTokens revoked;
    final TokenService tokens;
    final LoginThrottle throttle;
    final LoginService login;

    AuthFixture(TestCluster cluster, Clock clock, LoginThrottle throttle) {
        this.cluster = cluster;
        this.clock = clock;
        this.store = new AccountStore(cluster.client, cluster.namespace, clock, Duration.ZERO, passwords);
        this.initialAdmin = new InitialAdmin(cluster.client, store, passwords, clock);
        this.revoked = new RevokedTokens(
                cluster.client, cluster.namespace, clock, RevokedTokens.DEFAULT_MAX_ENTRIES, Duration.ZERO);
        this.tokens = new TokenService(store, revoked, clock, TokenService.DEFAULT_LIFETIME);
        this.throttle = throttle;
        this.login = new LoginService(store, tokens, throttle, passwords);
    }

    AuthFixture(TestCluster cluster, Clock clock) {
        this(cluster, clock, LoginThrottle.defaults(clock));
    }

    /** A second server replica over the same namespace (its own memory, same cluster). */
    AuthFixture replica() {
        return new AuthFixture(cluster, clock);
    }

    String adminInitialPassword() {
        return cluster.secretData(InitialAdmin.SECRET).get(InitialAdmin.PASSWORD_KEY);
    }
}
