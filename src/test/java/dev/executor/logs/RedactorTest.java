package dev.executor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static Redactor of(String... secretReplacementPairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < secretReplacementPairs.length; i += 2) {
            map.put(secretReplacementPairs[i], secretReplacementPairs[i + 1]);
        }
        return new Redactor(map);
    }

    @Test
    void replacesEveryOccurrence() {
        Redactor r = of("hunter2", "[pw]");
        assertEquals("a [pw] b [pw][pw]", r.redact("a hunter2 b hunter2hunter2"));
        assertEquals("nothing here", r.redact("nothing here"));
    }

    @Test
    void executorSecretBecomesSecretRemovedAndTheJobWinsOnDuplicates() {
        Redactor r = Redactor.forJob("pass-word-1", Map.of("ghp_abcdef", "${{ secrets.GH }}", "pass-word-1", "[job]"));
        assertEquals("[job] ${{ secrets.GH }}", r.redact("pass-word-1 ghp_abcdef"));
        assertEquals("SECRET_REMOVED", Redactor.forJob(List.of("registry-pw"), Map.of()).redact("registry-pw"));
    }

    @Test
    void longestSecretWinsAtTheSamePosition() {
        Redactor r = of("abc", "[short]", "abcdef", "[long]");
        assertEquals("x[long]y", r.redact("xabcdefy"));
        assertEquals("x[short]dey", r.redact("xabcdey"));
    }

    @Test
    void overlappingSecretsAreMaskedTogetherLeavingNoFragment() {
        // Go's replacer would give "[A]def": three quarters of the second secret.
        Redactor r = of("abc", "[A]", "cdef", "[B]");
        assertEquals("x[B]y", r.redact("xabcdefy"));
        String out = of("token-one", "[1]", "one-two-three", "[2]").redact("token-one-two-three!");
        assertEquals("[2]!", out);
    }

    @Test
    void encodedFormsAreMasked() {
        String secret = "p@ss word/+\"\\x";
        Redactor r = of(secret, "[S]");
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        assertEquals("q=[S]&x=1", r.redact("q=" + url + "&x=1"));
        assertEquals("q=[S]", r.redact("q=" + url.replace("+", "%20")));
        assertEquals("{\"pw\":\"[S]\"}", r.redact("{\"pw\":\"p@ss word/+\\\"\\\\x\"}"));
        String basic = Base64.getEncoder().encodeToString(("user:" + secret).getBytes(StandardCharsets.UTF_8));
        String redacted = r.redact("Authorization: Basic " + basic);
        assertTrue(redacted.contains("[S]"), redacted);
        for (int offset = 0; offset < 3; offset++) {
            String prefix = "xyz".substring(0, offset);
            String b64 = Base64.getEncoder().encodeToString((prefix + secret + "tail").getBytes(StandardCharsets.UTF_8));
            assertTrue(r.redact(b64).contains("[S]"), "offset " + offset + ": " + r.redact(b64));
            String urlSafe = Base64.getUrlEncoder().encodeToString((prefix + secret).getBytes(StandardCharsets.UTF_8));
            assertTrue(r.redact(urlSafe).contains("[S]"), "url-safe offset " + offset);
        }
    }

    @Test
    void shortSecretsHaveNoDerivedFormsThatWouldMatchEverywhere() {
        Redactor r = of("ab", "[x]");
        assertEquals("YWI= [x]", r.redact("YWI= ab"));
    }

    @Test
    void multiLineSecretsKeepTheLineStructure() {
        String key = "-----BEGIN KEY-----\nMIIEabc\n-----END KEY-----\n";
        Redactor r = of(key, "[key]");
        assertEquals("before\n[key]\nafter\n", r.redact("before\n" + key + "after\n"));
    }

    @Test
    void commandsAreRedactedElementWise() {
        Redactor r = of("s3cr3t-value", "[v]");
        assertEquals(List.of("docker", "-e", "TOKEN=[v]"), r.redact(List.of("docker", "-e", "TOKEN=s3cr3t-value")));
    }

    @Test
    void emptyAndNullSecretsAreIgnored() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("", "[empty]");
        map.put(null, "[null]");
        map.put(" \n", "[blank]");
        Redactor r = new Redactor(map);
        assertTrue(r.isEmpty());
        assertEquals("te xt\n", r.redact("te xt\n"));
        assertFalse(Redactor.forJob((String) null, Map.of()).redact("x").contains("SECRET"));
    }
}
