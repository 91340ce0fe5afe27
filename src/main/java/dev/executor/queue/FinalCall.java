package dev.executor.queue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Retries a job's last calls (final log updates, mark*) through frontend outages: with exponential backoff
 * (0.5 s doubling to 10 s, jittered) until the call succeeds, fails {@linkplain FrontendException#permanent()
 * for good}, or the finalize deadline ({@code EXECUTOR_FINALIZE_TIMEOUT}) would pass before the next try.
 * Sourcegraph gives up after one call; a finished job's outcome is worth more than that.
 *
 * <p>A Mutiny operator around the call's {@code Uni} (resubscribed per try), like {@link RetryPolicy}; cancelling
 * the subscription stops it at once.
 */
public final class FinalCall {

    private static final Logger LOG = Logger.getLogger(FinalCall.class);
    private static final long BASE_MILLIS = 500;
    private static final long MAX_MILLIS = 10_000;

    private FinalCall() {
    }

    /** {@code attempt} until it yields an item; fails with its last failure when retrying is pointless or too late. */
    public static <T> Uni<T> untilDeadline(String what, Instant deadline, Uni<T> attempt) {
        return Uni.createFrom().deferred(() -> {
            AtomicInteger retries = new AtomicInteger();
            AtomicReference<Duration> wait = new AtomicReference<>();
            return attempt
                    .onFailure(e -> retryable(what, e, retries.get(), deadline, wait)).retry()
                    .when(failures -> failures.onItem().transformToUniAndConcatenate(f -> {
                        retries.incrementAndGet();
                        return Uni.createFrom().item(f).onItem().delayIt().by(wait.get());
                    }))
                    .onItem().invoke(() -> {
                        if (retries.get() > 0) {
                            LOG.infof("%s succeeded after %d retries", what, retries.get());
                        }
                    });
        });
    }

    /** Whether to try again: a non-permanent frontend failure whose next try still starts before the deadline. */
    private static boolean retryable(String what, Throwable failure, int retry, Instant deadline,
            AtomicReference<Duration> wait) {
        wait.set(backoff(retry));
        if (!(failure instanceof FrontendException e) || e.permanent()
                || Instant.now().plus(wait.get()).isAfter(deadline)) {
            return false;
        }
        if (retry == 0) {
            LOG.warnf("%s failed, retrying until %s: %s", what, deadline, e.getMessage());
        } else {
            LOG.debugf("%s failed (retry %d): %s", what, retry, e.getMessage());
        }
        return true;
    }

    static Duration backoff(int retry) {
        long millis = Math.min(MAX_MILLIS, BASE_MILLIS << Math.min(retry, 10));
        long jitter = ThreadLocalRandom.current().nextLong(millis / 5 + 1);
        return Duration.ofMillis(millis - millis / 10 + jitter);
    }
}
