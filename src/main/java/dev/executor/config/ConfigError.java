package dev.executor.config;

import java.util.Objects;

/**
 * One invalid setting: which variable, the value that was read, and what would have been accepted.
 *
 * <p>The value is stored already masked when the variable is secret, so a {@code ConfigError} can be
 * logged, printed or put in an exception without further care.
 *
 * @param variable the variable actually read, e.g. {@code EXECUTOR_QUEUE_POLL_INTERVAL}, or the
 *                 {@code _executor} override or deprecated name the value came from
 * @param value    the offending value (masked for secrets), or {@code null} when the problem is not
 *                 about one value (e.g. two variables that exclude each other)
 * @param expected what would be valid, phrased to follow "expected", e.g.
 *                 {@code a Go duration such as 500ms, 1s, 30m or 1h30m}
 */
public record ConfigError(String variable, String value, String expected) {

    public ConfigError {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(expected, "expected");
    }

    /**
     * One line for operators, e.g.
     * {@code EXECUTOR_QUEUE_POLL_INTERVAL="5 minutes": expected a Go duration such as 500ms, 1s, 30m or 1h30m}.
     * The value is quoted and escaped so blanks and control characters are visible.
     */
    public String message() {
        String shown = value == null ? "" : "=" + quote(value);
        return variable + shown + ": expected " + expected;
    }

    /** Double-quotes {@code s}, escaping what would otherwise be invisible or ambiguous. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
