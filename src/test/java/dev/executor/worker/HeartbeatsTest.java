package dev.executor.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.executor.runtime.Cancellation;
import dev.executor.observe.metrics.OperationMetrics;
import dev.executor.queue.Credentials;
import dev.executor.queue.DequeueRequest;
import dev.executor.queue.DequeueResult;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClient;
import dev.executor.queue.RetryPolicy;
import dev.executor.queue.Telemetry;
import dev.executor.testing.JaxRsFrontendApi;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat against the spec-enforcing fake frontend over real HTTP: what it sends in both queue
 * modes, how the answer cancels or aborts jobs, that a failing frontend cancels nothing, and that the startup ping
 * waits for the frontend. (Its cadence, on the scheduler's thread under a saturated job pool: LeaseScheduleIT.)
 */
class HeartbeatsTest {

    static final String SECRET = "sk-heartbeat-test-secret";
    static final Telemetry TELEMETRY = new Telemetry("linux", "amd64", "20.10.24", "5.3.0", "2.39.5", "");
    static final String METRICS = "# TYPE src_executor_processor_handlers gauge\nsrc_executor_processor_handlers 1\n";

    FakeFrontend frontend;
    JaxRsFrontendApi api;
    String name = "hb-test-" + UUID.randomUUID();

    @BeforeEach
    void start() {
        frontend = FakeFrontend.start(SECRET);
        api = new JaxRsFrontendApi(frontend.url(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        api.close();
        assertEquals(List.of(), frontend.violations());
        frontend.close();
    }

    QueueClient client(boolean multi, List<String> queues) {
        return new QueueClient(api, new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(3)),
                new Credentials(SECRET), name, queues, multi,
                new OperationMetrics(new SimpleMeterRegistry(), "test_queue", Tags.empty()));
    }

    /** Leases one job through the real dequeue and adds it to the running set. */
    static Cancellation lease(QueueClient client, RunningJobs running, List<String> queues) {
        DequeueResult r = client.dequeue(new DequeueRequest(client.multiQueue() ? queues : null, client.executorName(),
                "5.3.0", null, null, null)).await().indefinitely();
        DequeueResult.Dequeued d = (DequeueResult.Dequeued) r;
        Cancellation control = new Cancellation();
        assertTrue(running.add(d.ref(), control));
        return control;
    }

    Heartbeats loop(QueueClient client, RunningJobs running) {
        Heartbeats loop = new Heartbeats(client, running, () -> METRICS);
        loop.telemetry(TELEMETRY);
        loop.pingUntilAccepted(Duration.ofMillis(100)).await().atMost(Duration.ofSeconds(10));
        return loop;
    }

    @Test
    void singleQueueShapeCarriesTelemetryMetricsAndNumericIds() throws Exception {
        QueueClient client = client(false, List.of("batches"));
        RunningJobs running = new RunningJobs(false);
        Heartbeats loop = loop(client, running);
        long a = frontend.enqueue("batches", Jobs.job().step("s", "true").json());
        lease(client, running, List.of("batches"));

        loop.beat();

        List<JsonNode> beats = frontend.heartbeats();
        JsonNode ping = beats.get(0);
        assertEquals("", ping.get("os").asText(), "the ping carries only the name: " + ping);
        JsonNode hb = beats.get(beats.size() - 1);
        assertEquals("V2", hb.get("version").asText());
        assertEquals(name, hb.get("executorName").asText());
        assertEquals(1, hb.get("jobIds").size());
        assertTrue(hb.get("jobIds").get(0).isIntegralNumber(), hb.toString());
        assertEquals(a, hb.get("jobIds").get(0).asLong());
        assertEquals("linux", hb.get("os").asText());
        assertEquals("amd64", hb.get("architecture").asText());
        assertEquals("20.10.24", hb.get("dockerVersion").asText());
        assertEquals("5.3.0", hb.get("executorVersion").asText());
        assertEquals("2.39.5", hb.get("gitVersion").asText());
        assertEquals("", hb.get("igniteVersion").asText());
        assertEquals("", hb.get("srcCliVersion").asText());
        assertEquals(METRICS, hb.get("prometheusMetrics").asText());
        assertFalse(hb.has("jobIdsByQueue"));
        assertEquals(1, frontend.requests("/.executors/queue/batches/heartbeat").size() - 1, "one beat after the ping");
    }

    /** Two jobs leased by a single-queue executor that has pinged; {@code firstId} is the first job's id. */
    record TwoJobs(Heartbeats loop, long firstId, Cancellation first, Cancellation second) {
    }

    TwoJobs twoLeasedJobs() throws InterruptedException {
        QueueClient client = client(false, List.of("batches"));
        RunningJobs running = new RunningJobs(false);
        Heartbeats loop = loop(client, running);
        long a = frontend.enqueue("batches", Jobs.job().step("s", "true").json());
        frontend.enqueue("batches", Jobs.job().step("s", "true").json());
        Cancellation first = lease(client, running, List.of("batches"));
        return new TwoJobs(loop, a, first, lease(client, running, List.of("batches")));
    }

    @Test
    void cancelIdsCancelOnlyThoseJobs() throws Exception {
        TwoJobs jobs = twoLeasedJobs();
        frontend.cancel(jobs.firstId());
        jobs.loop().beat();
        assertEquals(Cancellation.Reason.CANCELED, jobs.first().reason());
        assertNull(jobs.second().reason());
    }

    @Test
    void jobsTheFrontendNoLongerKnowsAreAborted() throws Exception {
        TwoJobs jobs = twoLeasedJobs();
        frontend.forget(jobs.firstId());
        jobs.loop().beat();
        assertEquals(Cancellation.Reason.UNKNOWN_TO_FRONTEND, jobs.first().reason());
        assertNull(jobs.second().reason());
    }

    @Test
    void failingHeartbeatsCancelNothingAndRecover() throws Exception {
        QueueClient client = client(false, List.of("batches"));
        RunningJobs running = new RunningJobs(false);
        Heartbeats loop = loop(client, running);
        frontend.enqueue("batches", Jobs.job().step("s", "true").json());
        Cancellation job = lease(client, running, List.of("batches"));
        loop.beat();
        Instant lastGood = loop.lastSuccess();

        frontend.failAllWith(503, Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            loop.beat();
        }
        frontend.failAllWith(500, Duration.ZERO);
        frontend.failRoute("/heartbeat", 404, 1); // a 4xx is not retried and still cancels nothing
        loop.beat();

        assertNull(job.reason(), "a failed heartbeat never cancels a job");
        assertEquals(lastGood, loop.lastSuccess());
        assertTrue(frontend.requests("/heartbeat").stream().filter(r -> r.injected()).count() >= 4);

        loop.beat();
        assertTrue(loop.lastSuccess().isAfter(lastGood), "recovers at the next tick");
        assertNull(job.reason());
    }

    @Test
    void multiQueueShapeGroupsStringIdsByQueueAndCancelsByUid() throws Exception {
        List<String> queues = List.of("batches", "codeintel");
        QueueClient client = client(true, queues);
        RunningJobs running = new RunningJobs(true);
        Heartbeats loop = loop(client, running);
        long c = frontend.enqueue("codeintel", Jobs.job().step("s", "true").json());
        long b = frontend.enqueue("batches", Jobs.job().step("s", "true").json());
        Cancellation codeintel = lease(client, running, queues);
        Cancellation batches = lease(client, running, queues);

        frontend.cancel(c);
        loop.beat();

        JsonNode ping = frontend.heartbeats().get(0);
        assertEquals("[\"batches\",\"codeintel\"]", ping.get("queueNames").toString(), "the ping names the queues");
        JsonNode hb = frontend.heartbeats().get(frontend.heartbeats().size() - 1);
        assertEquals("", hb.get("version").asText());
        assertFalse(hb.has("jobIds"), hb.toString());
        assertEquals("[{\"queueName\":\"batches\",\"jobIds\":[\"" + b + "\"]},"
                + "{\"queueName\":\"codeintel\",\"jobIds\":[\"" + c + "\"]}]", hb.get("jobIdsByQueue").toString());
        assertEquals("[\"batches\",\"codeintel\"]", hb.get("queueNames").toString());
        assertEquals("linux", hb.get("os").asText());
        assertEquals(METRICS, hb.get("prometheusMetrics").asText());
        assertEquals(1, frontend.requests("/.executors/queue/heartbeat").size() - 1);

        assertEquals(Cancellation.Reason.CANCELED, codeintel.reason(), "cancelIds carry <id>-<queue>");
        assertNull(batches.reason(), "the batches job with the other id is known and kept");
        assertEquals(java.util.Set.of(b + "-batches", c + "-codeintel"), running.snapshot().keySet());
    }

    @Test
    void aFailingMetricsGathererStillSendsTheHeartbeat() throws Exception {
        QueueClient client = client(false, List.of("batches"));
        Heartbeats loop = new Heartbeats(client, new RunningJobs(false), () -> {
            throw new IllegalStateException("registry broken");
        });
        loop.telemetry(TELEMETRY);
        loop.pingUntilAccepted(Duration.ofMillis(100)).await().atMost(Duration.ofSeconds(10));
        loop.beat();
        JsonNode hb = frontend.heartbeats().get(frontend.heartbeats().size() - 1);
        assertEquals("", hb.get("prometheusMetrics").asText());
        assertEquals("linux", hb.get("os").asText());
    }

    @Test
    void thePingIsRepeatedUntilTheFrontendAcceptsIt() {
        QueueClient client = client(false, List.of("batches"));
        Heartbeats beats = new Heartbeats(client, new RunningJobs(false), () -> METRICS);
        frontend.failRoute("/heartbeat", 401, 3); // not yet configured for this executor: refused, not retried
        UniAssertSubscriber<Void> ping = beats.pingUntilAccepted(Duration.ofMillis(100))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        ping.awaitItem(Duration.ofSeconds(10));
        assertEquals(4, frontend.requests("/heartbeat").size(), "three refusals, then accepted");
        assertTrue(beats.lastSuccess() != null);
    }

    @Test
    void cancellingThePingStopsIt() throws Exception {
        QueueClient client = client(false, List.of("batches"));
        Heartbeats beats = new Heartbeats(client, new RunningJobs(false), () -> METRICS);
        frontend.failRoute("/heartbeat", 401, 1000);
        UniAssertSubscriber<Void> ping = beats.pingUntilAccepted(Duration.ofMillis(100))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        Thread.sleep(350);
        ping.cancel();
        int sent = frontend.requests("/heartbeat").size();
        Thread.sleep(500);
        assertTrue(frontend.requests("/heartbeat").size() <= sent + 1, "no pings after cancel");
        assertNull(beats.lastSuccess());
    }
}
