package dev.executor.logs;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces secrets with their replacement text (spec §4.7), in every form {@link SecretForms} derives
 * (URL-encoded, JSON-escaped, base64). Unlike Go's {@code strings.Replacer} over a map the result is
 * deterministic and leaves no fragment: overlapping occurrences are masked together and the longest
 * secret's replacement wins (equal lengths: the smaller string). {@link #streaming()} applies the same
 * rules to text that arrives in pieces.
 */
public final class Redactor {

    /** What the executor's own secrets become, as in Sourcegraph. */
    public static final String SECRET_REMOVED = "SECRET_REMOVED";

    private static final Redactor NONE = new Redactor(Map.of());

    /** Every form of every secret → the replacement of the secret it came from. */
    private final Map<String, String> replacements;
    private final SecretMatcher matcher;

    /**
     * {@code secretToReplacement}: null and blank (whitespace-only) secrets are ignored, since masking every
     * space or newline would only wreck the log; a null replacement means "".
     */
    public Redactor(Map<String, String> secretToReplacement) {
        Map<String, String> raw = new LinkedHashMap<>();
        secretToReplacement.forEach((secret, replacement) -> {
            if (secret != null && !secret.isBlank()) {
                raw.put(secret, replacement == null ? "" : replacement);
            }
        });
        Map<String, String> all = new HashMap<>(raw);
        // A derived form never overrides a secret given verbatim, nor another secret's derived form.
        raw.forEach((secret, replacement) -> SecretForms.of(secret).forEach(f -> all.putIfAbsent(f, replacement)));
        this.replacements = Map.copyOf(all);
        this.matcher = all.isEmpty() ? null : new SecretMatcher(all.keySet());
    }

    public static Redactor none() {
        return NONE;
    }

    /** The executor's own secret ({@code SECRET_REMOVED}) merged with the job's map; the job wins on duplicates. */
    public static Redactor forJob(String executorSecret, Map<String, String> jobRedactedValues) {
        return forJob(executorSecret == null ? List.of() : List.of(executorSecret), jobRedactedValues);
    }

    /**
     * The executor's secrets (the frontend password, registry credentials), each replaced by
     * {@code SECRET_REMOVED}, merged with the job's map; the job wins on duplicates.
     */
    public static Redactor forJob(Collection<String> executorSecrets, Map<String, String> jobRedactedValues) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String secret : executorSecrets) {
            if (secret != null && !secret.isBlank()) {
                merged.put(secret, SECRET_REMOVED);
            }
        }
        merged.putAll(jobRedactedValues);
        return new Redactor(merged);
    }

    /** Whether there is nothing to redact. */
    public boolean isEmpty() {
        return matcher == null;
    }

    public String redact(String text) {
        if (matcher == null || text == null || text.isEmpty()) {
            return text;
        }
        StreamingRedactor stream = streaming();
        String head = stream.push(text);
        return head + stream.flush();
    }

    public List<String> redact(List<String> argv) {
        return argv == null ? null : argv.stream().map(this::redact).toList();
    }

    /** A redactor for one stream of text arriving in pieces, with the same result as {@link #redact}. */
    public StreamingRedactor streaming() {
        return new StreamingRedactor(this, matcher);
    }

    String replacementFor(String secretForm) {
        return replacements.get(secretForm);
    }

    /** Of two overlapping secrets, the one whose replacement is used: the longer, else the smaller string. */
    static String preferred(String a, String b) {
        if (a.length() != b.length()) {
            return a.length() > b.length() ? a : b;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }
}
