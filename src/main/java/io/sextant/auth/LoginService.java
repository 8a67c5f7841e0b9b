package io.sextant.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Password login for local accounts: throttle, check, issue a token.
 *
 * <p>Every refusal but the throttle's reads "Invalid username or password", whether the name is
 * unknown, the password wrong, the account disabled, without {@code login} or without a password;
 * each spends one bcrypt verification so they also take the same time. A name with too many
 * recent failures is refused with "Too many failed login attempts" before its password is looked
 * at (the same bcrypt time is still spent). Thread-safe.
 */
public final class LoginService {

    /** Argo CD's limit for a local account name at login. */
    static final int MAX_USERNAME_BYTES = 32;

    private final AccountStore accounts;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final Passwords passwords;

    /** Password checks under way at once; more logins are refused as throttled. */
    static final int CONCURRENT_CHECKS = 4;

    private final Semaphore checks = new Semaphore(CONCURRENT_CHECKS);

    private final SourceThrottle sources;

    public LoginService(AccountStore accounts, TokenService tokens, LoginThrottle throttle, Passwords passwords) {
        this(accounts, tokens, throttle, passwords, SourceThrottle.defaults(java.time.Clock.systemUTC()));
    }

    public LoginService(
            AccountStore accounts,
            TokenService tokens,
            LoginThrottle throttle,
            Passwords passwords,
            SourceThrottle sources) {
        this.sources = sources;
        this.accounts = accounts;
        this.tokens = tokens;
        this.throttle = throttle;
        this.passwords = passwords;
    }

    /**
     * @return a new session token for {@code username}
     * @throws AuthenticationException INVALID_CREDENTIALS or THROTTLED
     */
    public String login(String username, String password) {
        return login(username, password, null);
    }

    /**
     * As {@link #login(String, String)}, from the client at {@code source} (its address, or null when not
     * known): a source with too many failures lately is refused before any password is checked.
     */
    public String login(String username, String password, String source) {
        // Argo CD's session manager refuses these before any lookup or hash: they say nothing about accounts,
        // and must cost nothing (security review, anchor case 13).
        if (password == null || password.isEmpty()) {
            throw new AuthenticationException(
                    AuthenticationException.Reason.INVALID_CREDENTIALS, "Blank passwords are not allowed");
        }
        if (username == null || username.isEmpty()) {
            throw new AuthenticationException(
                    AuthenticationException.Reason.INVALID_CREDENTIALS, "Blank user names are not allowed");
        }
        if (username.getBytes(StandardCharsets.UTF_8).length > MAX_USERNAME_BYTES) {
            throw new AuthenticationException(
                    AuthenticationException.Reason.INVALID_CREDENTIALS,
                    "username exceeds maximum length of " + MAX_USERNAME_BYTES + " characters");
        }
        if (!sources.tryReserve(source)) {
            throw throttled();
        }
        // Unauthenticated callers make the server spend a bcrypt check each: a few at a time, no more.
        if (!checks.tryAcquire()) {
            sources.succeeded(source); // no check made: nothing failed
            throw throttled();
        }
        try {
            if (!throttle.tryReserve(username)) {
                passwords.burnDummy();
                throw throttled();
            }
            Optional<Account> account = accounts.find(username).filter(Account::canLogIn);
            // matches() spends a bcrypt check even without a hash, so unknown names cost the same.
            String hash = account.flatMap(Account::passwordHash).orElse(null);
            boolean ok = passwords.matches(password, hash) && account.isPresent();
            if (!ok) {
                throw AuthenticationException.invalidCredentials(); // counted already by both tryReserves
            }
            sources.succeeded(source);
            throttle.recordSuccess(username);
            return tokens.issue(account.get());
        } finally {
            checks.release();
        }
    }

    private static AuthenticationException throttled() {
        return new AuthenticationException(
                AuthenticationException.Reason.THROTTLED, AuthenticationException.THROTTLED_MESSAGE);
    }

    /** Logs a token out (see {@link TokenService#revoke}). */
    public void logout(String token) {
        tokens.revoke(token);
    }

    /** Whose a token is (see {@link TokenService#verify}). */
    public VerifiedToken verify(String token) {
        return tokens.verify(token);
    }
}
