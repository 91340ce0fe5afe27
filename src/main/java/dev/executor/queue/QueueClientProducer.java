package dev.executor.queue;

import dev.executor.config.ExecutorConfig;
import dev.executor.observe.metrics.OperationMetrics;
import dev.executor.queue.transport.FrontendTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

import java.util.concurrent.ScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the frontend REST client from the configuration: base URL (a path prefix is kept, trailing
 * slashes dropped), timeouts so a hung frontend cannot hold a job slot forever, no default
 * exception mapper (we read every status ourselves), and TLS trust and proxy from {@link FrontendTransport}.
 */
@ApplicationScoped
public class QueueClientProducer {

    /**
     * Applied when {@code SRC_HTTP_CLI_INTERNAL_TIMEOUT} is 0: Sourcegraph has no bound, but a frontend
     * that accepts the connection and never answers must not hold a job slot (or the heartbeat) forever.
     * Long enough for the slowest legitimate answer (a batches {@code markComplete} builds changeset specs).
     */
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(2);

    /** The thread retries and call budgets of frontend calls are timed on. */
    public static final String RETRY_TIMER = "frontend-retry-timer";

    /** The bound of one frontend call, retries included; also each attempt's read timeout. */
    static Duration callBudget(ExecutorConfig config) {
        return config.httpRetry().timeout().isZero() ? DEFAULT_READ_TIMEOUT : config.httpRetry().timeout();
    }

    @Produces
    @Singleton
    FrontendApi frontendApi(ExecutorConfig config, FrontendTransport transport) {
        Duration timeout = callBudget(config);
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUri(config.frontendUrl()))
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .httpClientOptionsCustomizer(transport::applyTo)
                .build(FrontendApi.class);
    }

    @Produces
    @Singleton
    QueueClient queueClient(ExecutorConfig config, FrontendApi api, ExecutorIdentity identity, MeterRegistry registry,
            RetryPolicy retryPolicy) {
        return new QueueClient(api, retryPolicy,
                new Credentials(config.frontendPassword()), identity.name(), config.queueNames(), config.multiQueue(),
                new OperationMetrics(registry, "src_apiworker_apiclient_queue", Tags.empty()));
    }

    /**
     * File downloads on the REST client's own stack: a Vert.x HTTP client of the application's Vert.x instance with
     * the same transport options (trust, proxy), pooled for one download per job slot.
     */
    @Produces
    @Singleton
    FilesClient filesClient(ExecutorConfig config, ExecutorIdentity identity, FrontendTransport transport, Vertx vertx,
            RetryPolicy retryPolicy) {
        HttpClient http = vertx.createHttpClient(transport.applyTo(new HttpClientOptions()
                .setConnectTimeout(10_000)
                .setMaxPoolSize(Math.max(4, config.maximumNumJobs()))));
        return new FilesClient(http, config.frontendUrl(), new Credentials(config.frontendPassword()), identity.name(),
                callBudget(config), retryPolicy);
    }

    /**
     * The one retry policy of frontend calls, from the SRC_HTTP_CLI_INTERNAL_* settings (spec §4.11). Its waits and
     * budget timeouts fire on its own timer thread: cheap, and never queued behind a busy shared pool.
     */
    @Produces
    @Singleton
    RetryPolicy frontendRetryPolicy(ExecutorConfig config, @Threads(RETRY_TIMER) ScheduledExecutorService timer) {
        return retryPolicy(config, timer);
    }

    @Produces
    @Singleton
    @Threads(RETRY_TIMER)
    ScheduledExecutorService retryTimer() {
        return NamedThreads.scheduler(RETRY_TIMER, 1);
    }

    void closeRetryTimer(@Disposes @Threads(RETRY_TIMER) ScheduledExecutorService timer) {
        timer.shutdownNow();
    }

    static RetryPolicy retryPolicy(ExecutorConfig config, ScheduledExecutorService timer) {
        ExecutorConfig.HttpRetrySettings r = config.httpRetry();
        return new RetryPolicy(r.maxAttempts(), r.delayBase(), r.delayMax(), r.retryAfterMax(), callBudget(config), timer);
    }

    /** The frontend URL without trailing slashes, ready for {@code + "/.executors/..."}. */
    public static URI baseUri(URI frontend) {
        String s = frontend.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }
}
