package io.sextant.repo.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void userInfoIsStrippedFromEveryUrlInAText() {
        String text = "fetch https://bob:p4ss@git.example.com/a.git failed, retried http://TOKEN123@other/b";
        assertThat(Redactor.redact(text))
                .isEqualTo("fetch https://git.example.com/a.git failed, retried http://other/b");
    }

    @Test
    void aPasswordWithAnAtSignGoesEntirely() {
        assertThat(Redactor.redact("https://u:p@ss@host/r.git")).isEqualTo("https://host/r.git");
    }

    @Test
    void scpLikeLoginNamesAreNotSecrets() {
        assertThat(Redactor.redact("git@github.com:org/repo.git")).isEqualTo("git@github.com:org/repo.git");
    }

    @Test
    void knownSecretValuesAreMaskedWherever_theyAppear() {
        Credentials credentials = Credentials.basic("bob", "correct-horse");
        assertThat(Redactor.redact("server said: bad password correct-horse", credentials))
                .isEqualTo("server said: bad password ***");
        assertThat(credentials.toString()).doesNotContain("correct-horse");
    }

    @Test
    void scrubbedCausesKeepTheirStackButNotTheirSecrets() {
        Exception original =
                new IllegalStateException("https://bob:hunter2@h/x.git: boom", new RuntimeException("inner hunter2"));
        Throwable scrubbed = Redactor.scrub(original, Credentials.basic("bob", "hunter2"));
        assertThat(scrubbed.getMessage()).contains("IllegalStateException").doesNotContain("hunter2");
        assertThat(scrubbed.getCause().getMessage()).doesNotContain("hunter2");
        assertThat(scrubbed.getStackTrace()).isEqualTo(original.getStackTrace());
    }
}
