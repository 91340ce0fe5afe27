package dev.executor.logs;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets with their replacement text (spec §4.7). Unlike Go's {@code strings.Replacer} over a
 * map, the result is deterministic: at any position the longest matching secret wins.
 */
public final class Redactor {

    private static final Redactor NONE = new Redactor(Map.of());

    private final Map<String, String> replacements;
    private final Pattern pattern;

    public Redactor(Map<String, String> secretToReplacement) {
        Map<String, String> copy = new LinkedHashMap<>();
        secretToReplacement.forEach((secret, replacement) -> {
            if (secret != null && !secret.isEmpty()) {
                copy.put(secret, replacement == null ? "" : replacement);
            }
        });
        this.replacements = Map.copyOf(copy);
        this.pattern = copy.isEmpty() ? null : Pattern.compile(copy.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(Pattern::quote)
                .reduce((a, b) -> a + "|" + b)
                .orElseThrow());
    }

    public static Redactor none() {
        return NONE;
    }

    /** The executor's own secret ({@code SECRET_REMOVED}) merged with the job's map; the job wins on duplicates. */
    public static Redactor forJob(String executorSecret, Map<String, String> jobRedactedValues) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (executorSecret != null && !executorSecret.isEmpty()) {
            merged.put(executorSecret, "SECRET_REMOVED");
        }
        merged.putAll(jobRedactedValues);
        return new Redactor(merged);
    }

    public String redact(String text) {
        if (pattern == null || text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            out.append(text, last, m.start()).append(replacements.get(m.group()));
            last = m.end();
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }

    public List<String> redact(List<String> argv) {
        return argv == null ? null : argv.stream().map(this::redact).toList();
    }
}
