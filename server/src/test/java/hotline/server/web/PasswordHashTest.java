package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.internal.WebConfigReader;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void shouldVerifyTheRightPasswordAndRefuseAWrongOne() {
        String stored = PasswordHash.hash("s3cret".toCharArray(), 10_000);

        assertThat(PasswordHash.verify("s3cret".toCharArray(), stored)).isTrue();
        assertThat(PasswordHash.verify("s3creT".toCharArray(), stored)).isFalse();
        assertThat(WebConfigReader.hashProblem(stored)).isNull();
    }

    @Test
    void shouldSaltEachHashDifferently() {
        assertThat(PasswordHash.hash("same".toCharArray(), 10_000))
                .isNotEqualTo(PasswordHash.hash("same".toCharArray(), 10_000));
    }

    @Test
    void shouldVerifyTheLabDemoUsersOfTheDefaultsFile() {
        // the hashes in config/hotline.conf were made by Python's hashlib.pbkdf2_hmac: the same PBKDF2-HMAC-SHA256
        assertThat(PasswordHash.verify("demo".toCharArray(),
                "pbkdf2-sha256:210000:Pn402bPo31JOgk2BIfiu5w==:YSEkBZg1GfGOPbsw2OfAMjymWoF65kYXzNtZEAsWpoQ="))
                .isTrue();
        // the unit handler's, made with HashPassword
        assertThat(PasswordHash.verify("balizhuang".toCharArray(),
                "pbkdf2-sha256:210000:a7UQ7GjQChoXnhrbIdAItw==:oyVW1Z1fOIxcQu5ZSPzroGE7yP81oAlccC0jaUGhVNo="))
                .isTrue();
        assertThat(PasswordHash.verify("leader".toCharArray(),
                "pbkdf2-sha256:210000:6FFCBuwzQONoZ0TrKOxCQw==:jPORwBCDDMc81S5vjsnxGPqa+9+Tcl+kzG9TAb0VdtM="))
                .isTrue();
        assertThat(PasswordHash.verify("dispatch".toCharArray(),
                "pbkdf2-sha256:210000:riLSzP0SmavbfZl+/KnyqQ==:O5A5yh78b7PPUFaJdYxe0LsJ5P/Sc3H70elF1IvslUw="))
                .isTrue();
        assertThat(PasswordHash.verify("admin".toCharArray(),
                "pbkdf2-sha256:210000:7NKAKCH4xMHIPWMdtf6bkQ==:PdufTjwMAJy9A74Cp2e1T9bfUDeFvlig4Uc3dJzO4yo="))
                .isTrue();
    }

    @Test
    void shouldRefuseAMalformedStoredValue() {
        assertThat(PasswordHash.verify("x".toCharArray(), "plain")).isFalse();
    }
}
