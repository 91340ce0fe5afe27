package dev.executor.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry policy (Mutiny operators around a call's {@code Uni}) against a real HTTP server on loopback, called
 * through the same JAX-RS client stack (RESTEasy Reactive on Vert.x) the frontend client is built on: which statuses
 * are retried, how {@code Retry-After} is honoured, that a frontend that never answers cannot hold a caller beyond
 * the call's budget, and that cancelling the subscription stops the retries.
 */
class RetryPolicyTest {

    /** One scripted answer: a status and an optional Retry-After header; status -1 = never answer. */
    private record Answer(int status, String retryAfter) {
    }

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    /** For ordinary answers: generous, so a slow first request on a loaded host is not mistaken for a hang. */
    private Client client;
    /** For a server that never answers: gives up after 500 ms. */
    private Client impatient;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "retry-test-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        client = ClientBuilder.newBuilder().connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(20, TimeUnit.SECONDS).build();
        impatient = ClientBuilder.newBuilder().connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(500, TimeUnit.MILLISECONDS).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        impatient.close();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        ex.getRequestBody().readAllBytes();
        Answer a;
        synchronized (script) {
            a = script.size() > 1 ? script.poll() : script.peek();
        }
        if (a.status() == -1) {
            try {
                release.await(30, TimeUnit.SECONDS); // accept the request, never answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (a.retryAfter() != null) {
            ex.getResponseHeaders().add("Retry-After", a.retryAfter());
        }
        byte[] body = ("status " + a.status()).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private void answers(Answer... answers) {
        synchronized (script) {
            script.clear();
            script.addAll(java.util.List.of(answers));
        }
    }

    private static Answer status(int status) {
        return new Answer(status, null);
    }

    private Response call(RetryPolicy policy) {
        return call(policy, client);
    }

    private Response call(RetryPolicy policy, Client using) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.executors/queue/batches/heartbeat";
        return policy.apply("heartbeat", Uni.createFrom().item(() -> using.target(url).request().post(Entity.json("{}"))))
                .await().indefinitely();
    }

    /** The documented defaults (spec §4.11): 20 retries, 50ms..1s backoff, Retry-After up to 3s, no budget. */
    private static RetryPolicy defaults() {
        return new RetryPolicy(20, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    private static RetryPolicy fast(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(3));
    }

    @Test
    void serviceUnavailableIsRetriedUntilItSucceeds() {
        answers(status(503), status(502), status(200));
        try (Response r = call(fast(20))) {
            assertEquals(200, r.getStatus());
            assertEquals("status 200", r.readEntity(String.class));
        }
        assertEquals(3, requests.get());
    }

    @Test
    void tooManyRequestsIsRetried() {
        answers(status(429), status(204));
        try (Response r = call(fast(20))) {
            assertEquals(204, r.getStatus());
        }
        assertEquals(2, requests.get());
    }

    @Test
    void notImplementedIsFinal() {
        answers(status(501), status(200));
        try (Response r = call(fast(20))) {
            assertEquals(501, r.getStatus());
        }
        assertEquals(1, requests.get());
    }

    @Test
    void otherClientErrorsAreFinal() {
        for (int status : new int[] {400, 401, 403, 404, 409}) {
            requests.set(0);
            answers(status(status), status(200));
            try (Response r = call(fast(20))) {
                assertEquals(status, r.getStatus());
            }
            assertEquals(1, requests.get(), "status " + status + " must not be retried");
        }
    }

    @Test
    void retriesStopAfterMaxAttemptsAndReturnTheLastAnswer() {
        answers(status(500));
        try (Response r = call(fast(3))) {
            assertEquals(500, r.getStatus());
        }
        assertEquals(4, requests.get(), "the first try plus three retries");
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        answers(new Answer(503, "1"), status(200));
        long start = System.nanoTime();
        try (Response r = call(fast(20))) {
            assertEquals(200, r.getStatus());
        }
        long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(waited >= 1000, "waited only " + waited + " ms although Retry-After said 1s (backoff max is 5ms)");
        assertEquals(2, requests.get());
    }

    @Test
    void retryAfterAsHttpDateIsHonoured() {
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(Instant.now().plusSeconds(2).atZone(ZoneOffset.UTC));
        answers(new Answer(429, inTwoSeconds), status(200));
        long start = System.nanoTime();
        try (Response r = call(fast(20))) {
            assertEquals(200, r.getStatus());
        }
        long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(waited >= 900, "waited only " + waited + " ms for an HTTP-date Retry-After ~2s ahead");
    }

    @Test
    void retryAfterLongerThanTheMaximumIsNotRetried() {
        answers(new Answer(503, "5"), status(200));
        long start = System.nanoTime();
        try (Response r = call(defaults())) {
            assertEquals(503, r.getStatus());
            assertEquals("5", r.getHeaderString("Retry-After"));
        }
        assertEquals(1, requests.get());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000, "returned without waiting");
    }

    @Test
    void connectionRefusedIsRetriedThenReportedAsTransportFailure() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AtomicInteger attempts = new AtomicInteger();
        String url = "http://127.0.0.1:" + closedPort + "/.executors/queue/batches/dequeue";
        FrontendException e = assertThrows(FrontendException.class, () -> fast(2).apply("dequeue",
                Uni.createFrom().item(() -> {
                    attempts.incrementAndGet();
                    return client.target(url).request().post(Entity.json("{}"));
                })).await().indefinitely());
        assertEquals(3, attempts.get());
        assertEquals(0, e.status());
        assertTrue(e.getMessage().startsWith("dequeue: request failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    }

    @Test
    void aFrontendThatNeverAnswersCannotHoldTheCallerBeyondItsBudget() {
        answers(new Answer(-1, null));
        RetryPolicy policy = new RetryPolicy(20, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofMillis(500));
        long start = System.nanoTime();
        FrontendException e = assertThrows(FrontendException.class, () -> call(policy, impatient).close());
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took < 3000, "a hung frontend held the call for " + took + " ms");
        assertEquals(1, requests.get(), "no retry once the budget is spent");
        assertTrue(e.getMessage().contains("budget"), e.getMessage());
    }

    @Test
    void withoutABudgetATimedOutAttemptIsRetriedLikeAnyTransportError() {
        answers(new Answer(-1, null), status(200));
        try (Response r = call(fast(3), impatient)) {
            assertEquals(200, r.getStatus());
        }
        assertTrue(requests.get() >= 2, "the timed-out attempt was retried: " + requests.get());
    }

    @Test
    void aFailingRetryAfterBudgetReturnsTheLastAnswer() {
        answers(status(503));
        RetryPolicy policy = new RetryPolicy(20, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(3),
                Duration.ofMillis(500));
        try (Response r = call(policy)) {
            assertEquals(503, r.getStatus());
        }
        assertTrue(requests.get() >= 2 && requests.get() <= 3, "retries within 500 ms of 200 ms waits: " + requests.get());
    }

    @Test
    void cancellingTheCallStopsRetryingAtOnce() throws InterruptedException {
        answers(new Answer(503, "1"));
        RetryPolicy policy = fast(20);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.executors/queue/batches/heartbeat";
        UniAssertSubscriber<Response> subscriber = policy.apply("heartbeat",
                Uni.createFrom().item(() -> client.target(url).request().post(Entity.json("{}"))))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (requests.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        subscriber.cancel(); // during the 1 s Retry-After wait
        Thread.sleep(1500);
        assertEquals(1, requests.get(), "no retry after the call was cancelled");
        subscriber.assertNotTerminated();
    }

    @Test
    void aBudgetBoundsTheWholeCallRetriesIncluded() {
        answers(new Answer(503, "1"));
        // Each Retry-After wait fits the budget when it starts, so only the budget's timeout ends the call.
        RetryPolicy policy = new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(3),
                Duration.ofMillis(1500));
        long start = System.nanoTime();
        Response r = null;
        try {
            r = call(policy);
            assertEquals(503, r.getStatus(), "the last answer once no retry fits the budget");
        } catch (FrontendException e) {
            assertTrue(e.getMessage().contains("budget"), e.getMessage());
        } finally {
            if (r != null) {
                r.close();
            }
        }
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took < 2500, "the call took " + took + " ms, its budget is 1500 ms");
        assertEquals(2, requests.get(), "one Retry-After wait fits 1.5 s, a second one does not");
    }

    @Test
    void backoffGrowsExponentiallyWithFullJitterBetweenBaseAndMax() {
        RetryPolicy policy = defaults();
        for (int retry = 0; retry < 10; retry++) {
            long cap = Math.min(1000, 50L << retry);
            for (int i = 0; i < 200; i++) {
                long ms = policy.backoff(retry).toMillis();
                assertTrue(ms >= 50 && ms <= cap, "retry " + retry + ": " + ms + " ms outside [50, " + cap + "]");
            }
        }
        // 951 equally likely values: 2000 draws miss the top one 12% of the time, 20000 draws practically never.
        assertEquals(1000, java.util.stream.IntStream.range(0, 20_000)
                .mapToLong(i -> policy.backoff(30).toMillis()).max().orElseThrow(), "reaches the 1s maximum");
    }

    @Test
    void retryAfterParsing() {
        Instant now = Instant.parse("2024-03-01T10:00:00Z");
        assertEquals(Duration.ofSeconds(2), RetryPolicy.retryAfter(Response.status(503).header("Retry-After", " 2 ").build(), now));
        assertEquals(Duration.ofSeconds(30), RetryPolicy.retryAfter(
                Response.status(503).header("Retry-After", "Fri, 01 Mar 2024 10:00:30 GMT").build(), now));
        assertEquals(Duration.ZERO, RetryPolicy.retryAfter(
                Response.status(503).header("Retry-After", "Fri, 01 Mar 2024 09:00:00 GMT").build(), now));
        assertNull(RetryPolicy.retryAfter(Response.status(503).header("Retry-After", "soon").build(), now));
        assertNull(RetryPolicy.retryAfter(Response.status(503).build(), now));
        assertNotNull(RetryPolicy.retryAfter(Response.status(429).header("Retry-After", "0").build(), now));
    }
}
