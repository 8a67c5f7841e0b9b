package io.sextant.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    private final Passwords passwords = new Passwords(4);

    @Test
    void aHashMatchesItsPasswordOnlyAndIsArgoStyleBcrypt() {
        String hash = passwords.hash("correct horse");
        assertThat(hash).startsWith("$2a$04$").hasSize(60);
        assertThat(passwords.matches("correct horse", hash)).isTrue();
        assertThat(passwords.matches("correct horsE", hash)).isFalse();
        assertThat(passwords.matches("", hash)).isFalse();
        assertThat(passwords.matches(null, hash)).isFalse();
    }

    @Test
    void hashesWrittenByOtherBcryptToolsAreAccepted() {
        // Published OpenBSD bcrypt test vectors ($2a$, password "a" and "abc"), and the same
        // hash as htpasswd -B writes it ($2y$).
        assertThat(passwords.matches("a", "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe"))
                .isTrue();
        assertThat(passwords.matches("abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"))
                .isTrue();
        assertThat(passwords.matches("abc", "$2y$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"))
                .isTrue();
        assertThat(passwords.matches("abd", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"))
                .isFalse();
    }

    @Test
    void aMissingOrMalformedHashNeverMatches() {
        assertThat(passwords.matches("anything", null)).isFalse();
        assertThat(passwords.matches("anything", "")).isFalse();
        assertThat(passwords.matches("anything", "plaintext-in-the-secret")).isFalse();
        assertThat(passwords.matches("$2a$04$short", "$2a$04$short")).isFalse();
    }

    @Test
    void passwordsBcryptWouldCutAreRefusedForHashingAndNeverMatch() {
        String long72 = "x".repeat(72);
        assertThatThrownBy(() -> passwords.hash(long72))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 71 bytes")
                .hasMessageNotContaining(long72);
        String hash71 = passwords.hash("x".repeat(71));
        assertThat(passwords.matches("x".repeat(71), hash71)).isTrue();
        assertThat(passwords.matches("x".repeat(71) + "y", hash71)).isFalse();
        assertThatThrownBy(() -> passwords.hash("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 8");
    }

    @Test
    void randomPasswordsAreLongUrlSafeAndDifferent() {
        String a = passwords.randomPassword(20);
        String b = passwords.randomPassword(20);
        assertThat(a).hasSize(20).matches("[A-Za-z0-9]+");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void checkingAgainstNoHashCostsAboutWhatAWrongPasswordCosts() {
        Passwords real = new Passwords(10);
        String hash = real.hash("the-real-password");
        long wrong = fastest(() -> real.matches("not-the-password", hash));
        long missing = fastest(() -> real.matches("not-the-password", null));
        // Without the dummy check a missing hash answers in microseconds, a bcrypt check in tens of ms.
        assertThat((double) missing).isBetween(wrong * 0.5, wrong * 2.0);
    }

    private static long fastest(Runnable r) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            r.run();
            best = Math.min(best, System.nanoTime() - t);
        }
        return best;
    }
}
