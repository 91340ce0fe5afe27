package dev.executor.logs;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Stands in for a logged exception whose message (or a cause's) holds a secret: same class name in the
 * text, same stack trace, masked messages. Exceptions without secrets are logged as they are.
 */
final class RedactedThrowable extends RuntimeException {

    private final String text;

    private RedactedThrowable(String text, StackTraceElement[] trace, Throwable cause) {
        super(text, cause, false, true);
        this.text = text;
        setStackTrace(trace);
    }

    /** {@code t} itself when no message in its cause chain changes under redaction, else a masked copy. */
    static Throwable of(Throwable t) {
        return needsRedaction(t, new IdentityHashMap<>()) ? copy(t, new IdentityHashMap<>()) : t;
    }

    private static boolean needsRedaction(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        String s = t.toString();
        return !LogSecrets.redact(s).equals(s) || needsRedaction(t.getCause(), seen);
    }

    private static Throwable copy(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return null;
        }
        return new RedactedThrowable(LogSecrets.redact(t.toString()), t.getStackTrace(), copy(t.getCause(), seen));
    }

    /** The original's {@code Class: message}, masked, so the log reads as before. */
    @Override
    public String toString() {
        return text;
    }
}
