/**
 * Who a caller is: local accounts, their passwords, the session tokens a login hands out, and the
 * throttle in front of password checks, the RBAC enforcer, and single sign-on: the OpenID provider
 * ({@link io.sextant.auth.OidcConfig}, {@link io.sextant.auth.OidcProvider}), the login state of the
 * browser ({@link io.sextant.auth.SsoLogins}) and who an ID token speaks for
 * ({@link io.sextant.auth.SsoIdentity}). Plain Java: no CDI annotations inside, except
 * {@link io.sextant.auth.RbacSettings}; the server wires these classes.
 *
 * <h2>Where accounts live (Argo CD's layout, renamed)</h2>
 * <ul>
 *   <li>ConfigMap {@code sextant-cm}: {@code accounts.<name>: "apiKey, login"} declares an account
 *       and its capabilities; {@code accounts.<name>.enabled: "false"} disables it;
 *       {@code admin.enabled: "false"} disables the built-in {@code admin} (which has {@code login}
 *       unless {@code accounts.admin} says otherwise).</li>
 *   <li>Secret {@code sextant-secret}: {@code admin.password} / {@code accounts.<name>.password}
 *       (bcrypt), {@code admin.passwordMtime} / {@code accounts.<name>.passwordMtime} (RFC 3339), and
 *       {@code server.secretkey}, the HMAC key that signs tokens.</li>
 *   <li>Secret {@code sextant-initial-admin-secret}, key {@code password}: admin's first password in
 *       plain text, written once at first start ({@link io.sextant.auth.InitialAdmin}). Delete it
 *       once the password is changed; Sextant never writes it again while admin has a password.</li>
 *   <li>ConfigMap {@code sextant-revoked-tokens}: ids of logged-out tokens until they expire, so
 *       every server replica refuses them, and {@code subject.<hash>} watermarks for a user with more
 *       than 25 of them ({@link io.sextant.auth.RevokedTokens}).</li>
 *   <li>ConfigMap {@code sextant-login-lockouts}: per name (hashed), each replica's count of failed
 *       logins and names locked out, until when, so the limit holds across replicas and restarts
 *       ({@link io.sextant.auth.LoginLockouts}).</li>
 * </ul>
 *
 * <h2>Login</h2>
 * A blank password or user name, and a name over 32 bytes, are refused first, with Argo CD's messages
 * ("Blank passwords are not allowed", "username exceeds maximum length of 32 characters"): they cost no
 * lookup, no hash and no throttle count. Otherwise {@link io.sextant.auth.LoginService#login} answers "Invalid username or password" alike for an
 * unknown user, a wrong password, a disabled account, an account without the {@code login}
 * capability and one without a password, and spends one bcrypt verification in every case so the
 * answers also take the same time. After 5 failures within 300 s a name is refused for the rest of
 * the window even with the right password ("too many failed login attempts"); unknown names are
 * counted the same way, so the refusal tells nothing about whether an account exists. A second count,
 * {@link io.sextant.auth.SourceThrottle}, is per client address: an allowance of 50 failures refilling over
 * 60 s, once spent the address is refused before any password check but for about one check per 1.2 s, so
 * one client flooding made-up
 * names cannot keep the four bcrypt slots busy and lock everyone else out (Argo CD bounds concurrent
 * logins and failures per name only; this per-address bound is ours).
 *
 * <h2>Tokens</h2>
 * HS256 JWTs signed with {@code server.secretkey}: {@code iss} and {@code aud} "sextant", {@code sub}
 * the account name, {@code iat}, {@code exp} = iat + 24 h, {@code jti}. A token stops verifying when
 * it expires, when its account disappears, is disabled or loses {@code login}, when the account's
 * password changes (a token issued before {@code passwordMtime} is refused), or when it is logged
 * out. Only HS256 is accepted ({@code alg: none} and every other algorithm are refused). Tokens and
 * passwords never appear in logs, exception messages or {@code toString()}.
 *
 * <h2>SSO sessions</h2>
 * After an SSO login the server issues a token of the same kind with {@code sso_iss} (the provider)
 * and {@code groups}: no local account stands behind it, so only expiry and logout end it. Why not
 * keep the provider's ID token as the session, as Argo CD does: ours can be revoked on logout,
 * carries the groups read once at login, lives as long as a local session whatever the provider's
 * token lifetime, and keeps the CSRF token derivation the same. The provider's ID tokens are still
 * accepted from clients (the CLI), checked by {@link io.sextant.auth.OidcProvider#verify}.
 *
 * <p>Why the code flow is ours and not quarkus-oidc's web-app tenant: that tenant keeps its own session
 * cookie and takes its provider from static configuration, while Argo's contract has the provider in
 * sextant-cm (changed at run time, {@code dex.config} or {@code oidc.config} with a secret reference),
 * one session cookie {@code argocd.token} shared by pages, API and CLI, and the CLI's loopback flow. The
 * signature, issuer, audience and expiry checks use jose4j, the JOSE library quarkus-oidc itself builds
 * on; the extension stays on the classpath, its runtime off ({@code quarkus.oidc.tenant-enabled=false}).
 */
package io.sextant.auth;
