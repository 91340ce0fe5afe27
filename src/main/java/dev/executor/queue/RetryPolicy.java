package dev.executor.queue;

import dev.executor.queue.transport.UntrustedCertificateException;
import jakarta.ws.rs.core.Response;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;
import org.jboss.logging.Logger;

/**
 * The one retry policy for frontend calls (spec §4.11, Sourcegraph's internal HTTP client): up to
 * {@code maxAttempts} retries with exponential backoff and full jitter between {@code base} and
 * {@code max}; retry on transport errors, 429 and 5xx other than 501; honour {@code Retry-After} (seconds
 * or an HTTP date) when it is at most {@code retryAfterMax} (a longer one is returned to the caller
 * unretried); never retry other 4xx. Like Go's client it gives up at once on a refused TLS certificate
 * (unknown authority, expired, wrong name: the operator should see its explanation at once) and after three
 * tries on an unknown host, which no retry fixes.
 *
 * <p>{@code budget} bounds one call, retries included ({@code SRC_HTTP_CLI_INTERNAL_TIMEOUT}): no retry
 * starts once it would end past the budget. With the per-attempt read timeout set to the same value, a
 * frontend that accepts connections but never answers holds a caller for about one budget, not twenty
 * read timeouts. Zero means unbounded. Interruption (cancel, shutdown) stops retrying at once.
 */
public final class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    /** Go's client stops retrying "no such host" after this many tries. */
    static final int UNKNOWN_HOST_TRIES = 3;

    private final int maxAttempts;
    private final Duration base;
    private final Duration max;
    private final Duration retryAfterMax;
    private final Duration budget;

    public RetryPolicy(int maxAttempts, Duration base, Duration max, Duration retryAfterMax) {
        this(maxAttempts, base, max, retryAfterMax, Duration.ZERO);
    }

    public RetryPolicy(int maxAttempts, Duration base, Duration max, Duration retryAfterMax, Duration budget) {
        this.maxAttempts = Math.max(0, maxAttempts);
        this.base = base;
        this.max = max;
        this.retryAfterMax = retryAfterMax;
        this.budget = budget;
    }

    /** Runs {@code attempt} until it yields a final response; transport failure after all retries throws. */
    public Response execute(String operation, Supplier<Response> attempt) {
        return execute(operation, attempt, JAXRS);
    }

    /** What the policy needs to know of a response of some HTTP client, and how to let go of one it retries. */
    public interface Answer<T> {
        int status(T response);

        /** The {@code Retry-After} header, or null. */
        String retryAfter(T response);

        /** Releases a response that is being retried (closes its body). */
        void discard(T response);
    }

    private static final Answer<Response> JAXRS = new Answer<>() {
        @Override
        public int status(Response response) {
            return response.getStatus();
        }

        @Override
        public String retryAfter(Response response) {
            return response.getHeaderString("Retry-After");
        }

        @Override
        public void discard(Response response) {
            response.close();
        }
    };

    /** As {@link #execute(String, Supplier)}, for any HTTP client's responses (e.g. java.net.http's). */
    public <T> T execute(String operation, Supplier<T> attempt, Answer<T> answer) {
        long started = System.nanoTime();
        RuntimeException lastFailure = null;
        for (int retry = 0; ; retry++) {
            Duration wait;
            try {
                T response = attempt.get();
                int status = answer.status(response);
                if (!isRetryableStatus(status) || retry >= maxAttempts) {
                    return response;
                }
                Duration retryAfter = retryAfter(answer.retryAfter(response), Instant.now());
                if (retryAfter != null && retryAfter.compareTo(retryAfterMax) > 0) {
                    return response;
                }
                wait = retryAfter != null ? retryAfter : backoff(retry);
                if (!fitsBudget(started, wait)) {
                    return response;
                }
                LOG.debugf("%s: status %d, retrying in %d ms", operation, status, wait.toMillis());
                answer.discard(response);
            } catch (RuntimeException e) {
                wait = backoff(retry);
                String why = giveUpReason(e, retry, started, wait);
                if (why != null) {
                    throw new FrontendException(operation, 0, rootMessage(e) + why, e);
                }
                lastFailure = e;
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

    /** Why a transport failure ends the call now (a suffix for the message), or null to retry it. */
    private String giveUpReason(RuntimeException e, int retry, long started, Duration wait) {
        Throwable root = root(e);
        if (Thread.currentThread().isInterrupted()) {
            return " (interrupted)";
        }
        if (retry >= maxAttempts || UntrustedCertificateException.in(e).isPresent()
                || root instanceof SSLHandshakeException || hasCause(e, CertificateException.class)) {
            return "";
        }
        if (root instanceof UnknownHostException && retry + 1 >= UNKNOWN_HOST_TRIES) {
            return " (after " + (retry + 1) + " tries)";
        }
        if (!fitsBudget(started, wait)) {
            return " (gave up after " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                    + " ms: the call's budget of " + budget.toMillis() + " ms is spent)";
        }
        return null;
    }

    private boolean fitsBudget(long startedNanos, Duration wait) {
        if (budget.isZero()) {
            return true;
        }
        long elapsed = System.nanoTime() - startedNanos;
        return elapsed + wait.toNanos() < budget.toNanos();
    }

    static boolean isRetryableStatus(int status) {
        return status == 429 || (status >= 500 && status != 501) || status == 0;
    }

    Duration backoff(int retry) {
        long cap = Math.min(max.toMillis(), base.toMillis() * (1L << Math.min(retry, 20)));
        long jittered = ThreadLocalRandom.current().nextLong(base.toMillis(), Math.max(base.toMillis(), cap) + 1);
        return Duration.ofMillis(jittered);
    }

    /** {@code Retry-After} as a wait: delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Response response, Instant now) {
        return retryAfter(response.getHeaderString("Retry-After"), now);
    }

    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            // not delay-seconds; try the HTTP-date form
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message, or the explanation of a refused TLS certificate when that is the cause. */
    static String rootMessage(Throwable e) {
        Optional<UntrustedCertificateException> untrusted = UntrustedCertificateException.in(e);
        if (untrusted.isPresent()) {
            return untrusted.get().getMessage();
        }
        Throwable t = root(e);
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
