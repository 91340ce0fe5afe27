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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
 * read timeouts. Zero means unbounded. Cancelling the call's subscription (cancel, shutdown) stops retrying at once.
 *
 * <p>Written once, as Mutiny operators ({@link #apply}): every frontend call (queue routes, file downloads) goes
 * through it; no thread sleeps between tries.
 */
public final class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    /** Go's client stops retrying "no such host" after this many tries. */
    static final int UNKNOWN_HOST_TRIES = 3;

    /** How long past the budget the whole call is cut off if nothing else ended it. */
    static final Duration HARD_BOUND_MARGIN = Duration.ofSeconds(1);

    private final int maxAttempts;
    private final Duration base;
    private final Duration max;
    private final Duration retryAfterMax;
    private final Duration budget;
    private final ScheduledExecutorService timer;

    public RetryPolicy(int maxAttempts, Duration base, Duration max, Duration retryAfterMax) {
        this(maxAttempts, base, max, retryAfterMax, Duration.ZERO);
    }

    public RetryPolicy(int maxAttempts, Duration base, Duration max, Duration retryAfterMax, Duration budget) {
        this(maxAttempts, base, max, retryAfterMax, budget, Infrastructure.getDefaultWorkerPool());
    }

    /**
     * @param timer where waits and the budget's timeout fire; the service passes its own small named scheduler so a
     *              busy shared pool cannot delay a heartbeat's retry
     */
    public RetryPolicy(int maxAttempts, Duration base, Duration max, Duration retryAfterMax, Duration budget,
            ScheduledExecutorService timer) {
        this.timer = timer;
        this.maxAttempts = Math.max(0, maxAttempts);
        this.base = base;
        this.max = max;
        this.retryAfterMax = retryAfterMax;
        this.budget = budget;
    }

    /** {@link #apply(String, Uni, Answer)} for the REST client's {@link Response}s. */
    public Uni<Response> apply(String operation, Uni<Response> attempt) {
        return apply(operation, attempt, JAXRS);
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

    /**
     * The policy as Mutiny operators around {@code attempt} (subscribed once per try): a retryable answer or
     * transport failure becomes a {@link Retry} failure carrying its wait, {@code onFailure(Retry).retry().when(...)}
     * resubscribes after that wait, and the call budget bounds the whole with {@code ifNoItem().after(...)}, a second
     * past the budget. The
     * final answer is the item (a retryable status is returned once retrying stops); a transport failure that is not
     * retried fails with a {@link FrontendException}. Cancelling the subscription (cancel, shutdown) stops at once.
     */
    public <T> Uni<T> apply(String operation, Uni<T> attempt, Answer<T> answer) {
        Uni<T> call = Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            AtomicInteger retries = new AtomicInteger();
            Uni<T> once = attempt
                    .onItem().transformToUni(response -> judge(operation, response, answer, retries.get(), started))
                    .onFailure(e -> !(e instanceof Retry)).transform(e -> failure(operation, e, retries.get(), started));
            return once.onFailure(Retry.class).retry().when(failures -> failures.onItem().transformToUniAndConcatenate(
                    f -> {
                        retries.incrementAndGet();
                        return Uni.createFrom().item(f).onItem().delayIt().onExecutor(timer).by(((Retry) f).wait);
                    }));
        });
        if (budget.isZero()) {
            return call;
        }
        // The hard bound, a moment after the budget: an attempt's own read timeout (set to the budget) normally ends
        // it first and says why; this also bounds what no read timeout covers (a connect that hangs, a slow trickle).
        Duration bound = budget.plus(HARD_BOUND_MARGIN);
        return call.ifNoItem().after(bound).on(timer).failWith(() -> new FrontendException(operation, 0,
                "no answer (gave up after " + bound.toMillis() + " ms: the call's budget of " + budget.toMillis()
                        + " ms is spent)", null));
    }

    /** The answer as the call's result, or a {@link Retry} failure when the policy retries it. */
    private <T> Uni<T> judge(String operation, T response, Answer<T> answer, int retry, long started) {
        int status = answer.status(response);
        if (!isRetryableStatus(status) || retry >= maxAttempts) {
            return Uni.createFrom().item(response);
        }
        Duration retryAfter = retryAfter(answer.retryAfter(response), Instant.now());
        if (retryAfter != null && retryAfter.compareTo(retryAfterMax) > 0) {
            return Uni.createFrom().item(response);
        }
        Duration wait = retryAfter != null ? retryAfter : backoff(retry);
        if (!fitsBudget(started, wait)) {
            return Uni.createFrom().item(response);
        }
        LOG.debugf("%s: status %d, retrying in %d ms", operation, status, wait.toMillis());
        answer.discard(response);
        return Uni.createFrom().failure(new Retry(wait, null));
    }

    /** A transport failure as a {@link Retry} (with the backoff to wait), or the {@link FrontendException} to end with. */
    private Throwable failure(String operation, Throwable e, int retry, long started) {
        Duration wait = backoff(retry);
        String why = giveUpReason(e, retry, started, wait);
        if (why != null) {
            return new FrontendException(operation, 0, rootMessage(e) + why, e);
        }
        LOG.debugf("%s: %s, retrying in %d ms", operation, rootMessage(e), wait.toMillis());
        return new Retry(wait, e);
    }

    /** The signal between the attempt and the retry operator: retry after {@code wait}. Never escapes the policy. */
    private static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Duration wait;

        Retry(Duration wait, Throwable cause) {
            super("retry in " + wait.toMillis() + " ms", cause, false, false);
            this.wait = wait;
        }
    }

    /** Why a transport failure ends the call now (a suffix for the message), or null to retry it. */
    private String giveUpReason(Throwable e, int retry, long started, Duration wait) {
        Throwable root = root(e);
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
