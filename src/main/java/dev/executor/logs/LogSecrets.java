package dev.executor.logs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secrets the executor's own log must never show: the executor's (registered once at start) and
 * those of every job while it runs. {@link SecretLogFilter} applies them to every log record, so a
 * secret reaching a log message through an exception or a Docker error is masked like in job logs.
 *
 * <p>Process-wide by nature: the logging system is. Registration is cheap and rare (once per job).
 */
public final class LogSecrets {

    private static final List<Redactor> ACTIVE = new CopyOnWriteArrayList<>();

    private LogSecrets() {
    }

    /** Masks {@code redactor}'s secrets in the executor's log until the returned handle is closed. */
    public static Registration register(Redactor redactor) {
        if (redactor.isEmpty()) {
            return () -> { };
        }
        ACTIVE.add(redactor);
        return () -> ACTIVE.remove(redactor);
    }

    static boolean any() {
        return !ACTIVE.isEmpty();
    }

    /** {@code text} with every registered secret masked. */
    public static String redact(String text) {
        String result = text;
        for (Redactor redactor : ACTIVE) {
            result = redactor.redact(result);
        }
        return result;
    }

    /** Unregisters on close; never throws. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
