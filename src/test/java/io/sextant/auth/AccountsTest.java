package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountsTest {

    @Test
    void adminExistsByDefaultWithLogin() {
        Accounts accounts = Accounts.parse(
                Map.of(), Map.of("admin.password", "$2a$10$hash", "admin.passwordMtime", "2024-05-01T10:00:00Z"));
        Account admin = accounts.find("admin").orElseThrow();
        assertThat(admin.enabled()).isTrue();
        assertThat(admin.capabilities()).containsExactly(Capability.LOGIN);
        assertThat(admin.canLogIn()).isTrue();
        assertThat(admin.passwordMtime()).contains(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(admin.toString()).doesNotContain("$2a$");
    }

    @Test
    void adminEnabledFalseRemovesAdminEvenWhenAccountsAdminIsListed() {
        Accounts accounts = Accounts.parse(
                Map.of("admin.enabled", "false", "accounts.admin", "login"), Map.of("admin.password", "$2a$10$hash"));
        assertThat(accounts.find("admin")).isEmpty();
    }

    @Test
    void accountsFromSextantCmWithCapabilitiesEnabledFlagAndPasswords() {
        Accounts accounts = Accounts.parse(
                Map.of(
                        "accounts.alice", "apiKey, login",
                        "accounts.ci", "apiKey",
                        "accounts.bob", "login",
                        "accounts.bob.enabled", "false",
                        "accounts.admin", "apiKey,login",
                        "url", "https://sextant.example"),
                Map.of(
                        "accounts.alice.password",
                        "$2a$10$alice",
                        "accounts.alice.passwordMtime",
                        "2024-05-01T10:00:00UTC",
                        "accounts.bob.password",
                        "$2a$10$bob"));
        assertThat(accounts.all()).extracting(Account::name).containsExactlyInAnyOrder("admin", "alice", "ci", "bob");
        Account alice = accounts.find("alice").orElseThrow();
        assertThat(alice.capabilities()).containsExactlyInAnyOrder(Capability.LOGIN, Capability.API_KEY);
        assertThat(alice.canLogIn()).isTrue();
        assertThat(alice.passwordMtime()).contains(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(accounts.find("ci").orElseThrow().canLogIn())
                .as("apiKey only")
                .isFalse();
        assertThat(accounts.find("bob").orElseThrow().enabled()).isFalse();
        assertThat(accounts.find("bob").orElseThrow().canLogIn()).isFalse();
        assertThat(accounts.find("admin").orElseThrow().capabilities())
                .containsExactlyInAnyOrder(Capability.LOGIN, Capability.API_KEY);
        assertThat(accounts.find("admin").orElseThrow().hasPassword()).isFalse();
        assertThat(accounts.find("nobody")).isEmpty();
        assertThat(accounts.find(null)).isEmpty();
    }

    @Test
    void anUnreadableMtimeIsIgnoredRatherThanLockingTheAccount() {
        Accounts accounts =
                Accounts.parse(Map.of(), Map.of("admin.password", "$2a$10$hash", "admin.passwordMtime", "yesterday"));
        assertThat(accounts.find("admin").orElseThrow().passwordMtime()).isEmpty();
    }
}
