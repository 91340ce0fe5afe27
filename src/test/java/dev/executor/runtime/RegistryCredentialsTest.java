package dev.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryCredentialsTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void entriesAreFoundByHostWhateverTheKeyLooksLike() {
        RegistryCredentials c = RegistryCredentials.parse("""
                {"auths": {
                  "https://index.docker.io/v1/": {"auth": "%s"},
                  "http://127.0.0.1:5000": {"username": "ci", "password": "pw-two"},
                  "Registry.Example.com/some/path": {"identitytoken": "idtok-3"}
                }}""".formatted(b64("hubuser:hub:pass"))); // the password may contain ':'
        assertEquals("hub:pass", c.forRegistry("docker.io").orElseThrow().password());
        assertEquals("hubuser", c.forRegistry("registry-1.docker.io").orElseThrow().username());
        assertEquals("pw-two", c.forRegistry("127.0.0.1:5000").orElseThrow().password());
        assertEquals("idtok-3", c.forRegistry("registry.example.com").orElseThrow().identityToken());
        assertTrue(c.forRegistry("ghcr.io").isEmpty());
        assertTrue(c.forRegistry("127.0.0.1").isEmpty(), "the port is part of the registry");
    }

    @Test
    void secretsIncludeWhatDockerSendsAndToStringShowsNone() {
        RegistryCredentials c = RegistryCredentials.parse("{\"auths\":{\"r.io\":{\"auth\":\"" + b64("u:p4ssw0rd") + "\"}}}");
        assertEquals(List.of("p4ssw0rd", b64("u:p4ssw0rd")), c.secrets());
        assertFalse(c.toString().contains("p4ssw0rd"), c.toString());
        assertTrue(c.toString().contains("r.io"), c.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"auths\":{\"r.io\":\"x\"}}                   | the entry for \"r.io\" is not an object",
            "{\"auths\":{\"r.io\":{\"auth\":\"***s3cret\"}}} | the auth of \"r.io\" is not base64",
            "{\"auths\":{\"r.io\":{\"auth\":\"bm9jb2xvbg==\"}}} | the auth of \"r.io\" is not base64 of user:password",
            "{not json s3cret                              | not valid JSON",
    })
    void badConfigsSayWhyWithoutQuotingValues(String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegistryCredentials.parse(json));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void emptyConfigsHaveNoCredentials() {
        assertTrue(RegistryCredentials.parse(null).isEmpty());
        assertTrue(RegistryCredentials.parse("{}").isEmpty());
        assertTrue(RegistryCredentials.parse("{\"auths\":{}}").isEmpty());
        assertTrue(RegistryCredentials.of(null).isEmpty());
    }
}
