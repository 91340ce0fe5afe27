package dev.executor.queue;

import dev.executor.queue.transport.UntrustedCertificateException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one retry policy for frontend calls (spec §4.11, Sourcegraph's internal HTTP client): up to
 * {@code maxAttempts} retries with exponential backoff and full jitter between {@code base} and
 * {@code max}; retry on transport errors, 429 and 5xx other than 501; honour {@code Retry-After} when it
 * is at most {@code retryAfterMax} (a longer one is returned to the caller unretried); never retry other
 * 4xx. Interruption (cancel, shutdown) stops retrying at once, and so does a refused TLS certificate (unknown
 * authority, expired, wrong name): retrying cannot fix it, and the operator should see its explanation at once.
 */
public final class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    private final int maxAttempts;
    private final Duration base;
    private final Duration max;
    private final Duration retryAfterMax;

    public RetryPolicy(int maxAttempts, Duration base, Duration max, Duration retryAfterMax) {
        this.maxAttempts = Math.max(0, maxAttempts);
        this.base = base;
        this.max = max;
        this.retryAfterMax = retryAfterMax;
    }

    /** Runs {@code attempt} until it yields a final response; transport failure after all retries throws. */
    public Response execute(String operation, Supplier<Response> attempt) {
        RuntimeException lastFailure = null;
        for (int retry = 0; ; retry++) {
            Duration wait;
            try {
                Response response = attempt.get();
                if (!isRetryableStatus(response.getStatus()) || retry >= maxAttempts) {
                    return response;
                }
                Duration retryAfter = retryAfter(response);
                if (retryAfter != null && retryAfter.compareTo(retryAfterMax) > 0) {
                    return response;
                }
                wait = retryAfter != null ? retryAfter : backoff(retry);
                LOG.debugf("%s: status %d, retrying in %d ms", operation, response.getStatus(), wait.toMillis());
                response.close();
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted() || retry >= maxAttempts
                        || UntrustedCertificateException.in(e).isPresent()) {
                    throw new FrontendException(operation, 0, rootMessage(e), e);
                }
                lastFailure = e;
                wait = backoff(retry);
                LOG.debugf("%s: %s, retrying in %d ms", operation, rootMessage(e), wait.toMillis());
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FrontendException(operation, 0, "interrupted while retrying", lastFailure);
            }
        }
    }

    static boolean isRetryableStatus(int status) {
        return status == 429 || (status >= 500 && status != 501) || status == 0;
    }

    Duration backoff(int retry) {
        long cap = Math.min(max.toMillis(), base.toMillis() * (1L << Math.min(retry, 20)));
        long jittered = ThreadLocalRandom.current().nextLong(base.toMillis(), Math.max(base.toMillis(), cap) + 1);
        return Duration.ofMillis(jittered);
    }

    private static Duration retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null; // HTTP-date form: treat as absent and use our own backoff
        }
    }

    /** The innermost cause's message, or the explanation of a refused TLS certificate when that is the cause. */
    static String rootMessage(Throwable e) {
        Optional<UntrustedCertificateException> untrusted = UntrustedCertificateException.in(e);
        if (untrusted.isPresent()) {
            return untrusted.get().getMessage();
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
