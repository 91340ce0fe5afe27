package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskTest {

    @Test
    void emptyIsShownAsEmpty() {
        assertEquals("", SecretMask.mask(null));
        assertEquals("", SecretMask.mask(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc", "hunter2", "12345678901"})
    void shortSecretsShowNothing(String secret) {
        assertEquals("********", SecretMask.mask(secret));
    }

    @Test
    void longSecretsShowTwoCharactersOnly() {
        assertEquals("sg****", SecretMask.mask("sgp_0123456789abcdef"));
        assertEquals("ab****", SecretMask.mask("abcdefghijkl"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijkl", "sgp_0123456789abcdef0123456789abcdef", "{\"auths\":{\"r\":{\"auth\":\"eDp5\"}}}"})
    void neverRevealsMoreThanTwoCharactersOrTheLength(String secret) {
        String masked = SecretMask.mask(secret);
        assertFalse(masked.contains(secret.substring(0, 3)), masked);
        assertEquals(6, masked.length(), "fixed width, so the length is not revealed");
    }
}
