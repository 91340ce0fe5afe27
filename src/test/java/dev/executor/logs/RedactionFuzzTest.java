package dev.executor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random secrets hidden in random output (verbatim, URL-encoded, JSON-escaped, base64 at any alignment,
 * split across lines), fed in random pieces: the streamed result must equal a naive reference redaction
 * of the whole text, and no secret may survive in any of its forms. A small alphabet makes secrets
 * overlap and near-miss each other often. Seeded, so a failure names the case to replay.
 */
class RedactionFuzzTest {

    private static final long SEED = 0x5EC12E7L;
    private static final int CASES = 5000;
    /** Shared by secrets and filler text, so partial matches and overlaps are frequent. */
    private static final String ALPHABET = "abcab01\n /+=\"\\%:é";
    /** Disjoint from the alphabet: a replacement can never form a secret with its neighbours. */
    private static final String[] REPLACEMENTS = {"[R9]", "<R2>", "[[R3]]", "SECRET_REMOVED_", "${{X}}"};

    @Test
    void streamedRedactionEqualsTheReferenceAndLeaksNothing() {
        Random random = new Random(SEED);
        long checked = 0;
        for (int c = 0; c < CASES; c++) {
            Map<String, String> secrets = randomSecrets(random);
            String text = randomText(random, secrets);
            Redactor redactor = new Redactor(secrets);
            String expected = reference(secrets, text);
            String context = "case " + c + " secrets=" + show(secrets.keySet()) + " text=" + show(List.of(text));

            assertEquals(expected, redactor.redact(text), "whole text, " + context);
            assertEquals(expected, streamInRandomPieces(redactor, text, random), "random pieces, " + context);
            String expectedLines = reference(secrets, text + "\n");
            // A log entry shows whole lines: a last line without newline (a masked "\n" secret) still ends one.
            expectedLines = expectedLines.endsWith("\n") ? expectedLines : expectedLines + "\n";
            assertEquals(expectedLines, streamLineByLine(redactor, text), "line by line, " + context);
            assertNoLeak(secrets, expected, context);
            checked++;
        }
        assertEquals(CASES, checked);
    }

    @Test
    void aSecretInEveryPieceSizeIsMasked() {
        String secret = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
        Redactor redactor = new Redactor(Map.of(secret, "[GH]"));
        String text = "token=" + secret + "\nurl=https://x:" + secret + "@github.com\n" + secret;
        for (int size = 1; size <= text.length(); size++) {
            StreamingRedactor stream = redactor.streaming();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i += size) {
                out.append(stream.push(text.substring(i, Math.min(text.length(), i + size))));
                assertTrue(!out.toString().contains(secret.substring(0, 8)), "piece size " + size + " emitted " + out);
            }
            out.append(stream.flush());
            assertEquals("token=[GH]\nurl=https://x:[GH]@github.com\n[GH]", out.toString(), "piece size " + size);
        }
    }

    private static Map<String, String> randomSecrets(Random random) {
        Map<String, String> secrets = new LinkedHashMap<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int length = random.nextInt(10) == 0 ? 1 + random.nextInt(2) : 3 + random.nextInt(14);
            String secret = randomString(random, length);
            if (!secret.isBlank()) { // blank secrets are ignored by design
                secrets.put(secret, REPLACEMENTS[random.nextInt(REPLACEMENTS.length)]);
            }
        }
        if (secrets.isEmpty()) {
            secrets.put("a1b", REPLACEMENTS[0]);
        }
        return secrets;
    }

    private static String randomText(Random random, Map<String, String> secrets) {
        List<String> list = new ArrayList<>(secrets.keySet());
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            text.append(randomString(random, random.nextInt(12)));
            String secret = list.get(random.nextInt(list.size()));
            switch (random.nextInt(6)) {
                case 0 -> text.append(URLEncoder.encode(secret, StandardCharsets.UTF_8));
                case 1 -> text.append(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
                case 2 -> text.append(Base64.getEncoder().encodeToString(
                        (randomString(random, random.nextInt(3)) + secret).getBytes(StandardCharsets.UTF_8)));
                case 3 -> text.append(secret, 0, random.nextInt(secret.length() + 1)); // a near miss
                default -> text.append(secret);
            }
        }
        text.append(randomString(random, random.nextInt(6)));
        return text.toString();
    }

    private static String randomString(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static String streamInRandomPieces(Redactor redactor, String text, Random random) {
        StreamingRedactor stream = redactor.streaming();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int size = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(8);
            int end = Math.min(text.length(), i + size);
            out.append(stream.push(text.substring(i, end)));
            i = end;
        }
        return out.append(stream.flush()).toString();
    }

    /** What a log entry's pipe does: lines in (each gets its newline back), complete lines out. */
    private static String streamLineByLine(Redactor redactor, String text) {
        LineRedactor lines = new LineRedactor(redactor);
        StringBuilder out = new StringBuilder();
        for (String part : text.split("\n", -1)) {
            lines.push(part).forEach(line -> out.append(line).append('\n'));
        }
        lines.flush().forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** No secret, in any form an encoder produces, survives. */
    private static void assertNoLeak(Map<String, String> secrets, String output, String context) {
        for (String secret : secrets.keySet()) {
            List<String> forms = new ArrayList<>(List.of(secret));
            for (String derived : List.of(URLEncoder.encode(secret, StandardCharsets.UTF_8),
                    new String(JsonStringEncoder.getInstance().quoteAsString(secret)),
                    Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))) {
                if (derived.length() > SecretForms.MIN_DERIVED_LENGTH + 3) {
                    forms.add(derived);
                }
            }
            for (String form : forms) {
                if (output.contains(form)) {
                    fail("leaked " + show(List.of(form)) + " of secret " + show(List.of(secret)) + " in "
                            + show(List.of(output)) + "; " + context);
                }
            }
        }
    }

    /**
     * The rules written the slow, obvious way: find every occurrence of every form, merge the ones that
     * overlap, replace each merged region by its longest secret's replacement (equal length: smaller
     * string), keeping a newline at either edge.
     */
    static String reference(Map<String, String> secrets, String text) {
        Map<String, String> replacement = new HashMap<>();
        secrets.forEach((s, r) -> {
            if (!s.isBlank()) {
                replacement.put(s, r);
            }
        });
        secrets.forEach((s, r) -> {
            if (!s.isBlank()) {
                SecretForms.of(s).forEach(f -> replacement.putIfAbsent(f, r));
            }
        });
        List<int[]> occurrences = new ArrayList<>();
        Map<Integer, String> formAt = new HashMap<>();
        for (String form : replacement.keySet()) {
            for (int i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + 1)) {
                occurrences.add(new int[] {i, i + form.length(), occurrences.size()});
                formAt.put(occurrences.size() - 1, form);
            }
        }
        occurrences.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
        StringBuilder out = new StringBuilder();
        int at = 0;
        int k = 0;
        while (k < occurrences.size()) {
            int start = occurrences.get(k)[0];
            int end = occurrences.get(k)[1];
            String best = formAt.get(occurrences.get(k)[2]);
            k++;
            while (k < occurrences.size() && occurrences.get(k)[0] < end) {
                end = Math.max(end, occurrences.get(k)[1]);
                best = Redactor.preferred(best, formAt.get(occurrences.get(k)[2]));
                k++;
            }
            out.append(text, at, start);
            if (text.charAt(start) == '\n') {
                out.append('\n');
            }
            out.append(replacement.get(best));
            if (text.charAt(end - 1) == '\n' && end - 1 > start) {
                out.append('\n');
            }
            at = end;
        }
        return out.append(text, at, text.length()).toString();
    }

    private static String show(Iterable<String> strings) {
        StringBuilder s = new StringBuilder("[");
        for (String string : strings) {
            s.append('"').append(string.replace("\n", "\\n")).append("\" ");
        }
        return s.append(']').toString();
    }
}
