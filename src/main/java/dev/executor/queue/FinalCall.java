package dev.executor.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries a job's last calls (final log updates, mark*) through frontend outages: with exponential backoff
 * (0.5 s doubling to 10 s, jittered) until the call succeeds, fails {@linkplain FrontendException#permanent()
 * for good}, or the finalize deadline ({@code EXECUTOR_FINALIZE_TIMEOUT}) would pass before the next try.
 * Sourcegraph gives up after one call; a finished job's outcome is worth more than that.
 */
public final class FinalCall {

    private static final Logger LOG = Logger.getLogger(FinalCall.class);
    private static final long BASE_MILLIS = 500;
    private static final long MAX_MILLIS = 10_000;

    private FinalCall() {
    }

    /** Runs {@code attempt} until it returns; rethrows its last failure when retrying is pointless or too late. */
    public static <T> T untilDeadline(String what, Instant deadline, Supplier<T> attempt) {
        for (int retry = 0; ; retry++) {
            try {
                T result = attempt.get();
                if (retry > 0) {
                    LOG.infof("%s succeeded after %d retries", what, retry);
                }
                return result;
            } catch (FrontendException e) {
                Duration wait = backoff(retry);
                if (e.permanent() || Thread.currentThread().isInterrupted()
                        || Instant.now().plus(wait).isAfter(deadline)) {
                    throw e;
                }
                if (retry == 0) {
                    LOG.warnf("%s failed, retrying until %s: %s", what, deadline, e.getMessage());
                } else {
                    LOG.debugf("%s failed (retry %d): %s", what, retry, e.getMessage());
                }
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static Duration backoff(int retry) {
        long millis = Math.min(MAX_MILLIS, BASE_MILLIS << Math.min(retry, 10));
        long jitter = ThreadLocalRandom.current().nextLong(millis / 5 + 1);
        return Duration.ofMillis(millis - millis / 10 + jitter);
    }
}
