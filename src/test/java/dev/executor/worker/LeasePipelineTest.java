package dev.executor.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.observe.metrics.OperationMetrics;
import dev.executor.queue.Credentials;
import dev.executor.queue.DequeueRequest;
import dev.executor.queue.DequeueResult;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClient;
import dev.executor.queue.RetryPolicy;
import dev.executor.testing.JaxRsFrontendApi;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lease pipeline against the spec-enforcing fake frontend over real HTTP, with jobs whose end each test
 * decides: never more than {@code EXECUTOR_MAXIMUM_NUM_JOBS} in flight, no dequeue without a free slot (however many
 * ticks come), a leased job and a freed slot trigger the next dequeue at once, an empty answer waits for the next
 * tick, retirement and stopping complete the pipeline once its jobs are done.
 */
class LeasePipelineTest {

    static final String SECRET = "sk-lease-pipeline-test";

    FakeFrontend frontend;
    JaxRsFrontendApi api;
    QueueClient client;
    ExecutorService leaseThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "lease-test"));
    final HeldJobs jobs = new HeldJobs();

    /** Jobs that run until the test ends them; records what started, and the most ever in flight at once. */
    static final class HeldJobs implements LeasePipeline.Jobs {
        final Map<Long, CompletableFuture<Void>> ends = new ConcurrentHashMap<>();
        final List<Long> started = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public Uni<Void> process(Job job, JobRef ref) {
            return Uni.createFrom().deferred(() -> {
                started.add(ref.id());
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return Uni.createFrom().completionStage(ends.computeIfAbsent(ref.id(), id -> new CompletableFuture<>()));
            }).onTermination().invoke(inFlight::decrementAndGet);
        }

        @Override
        public Uni<Void> rejectMalformed(DequeueResult.Malformed malformed) {
            rejected.add(malformed.error());
            return Uni.createFrom().voidItem();
        }

        void end(long id) {
            ends.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(null);
        }
    }

    @BeforeEach
    void start() {
        frontend = FakeFrontend.start(SECRET);
        api = new JaxRsFrontendApi(frontend.url(), Duration.ofSeconds(5));
        client = new QueueClient(api, new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new Credentials(SECRET), "lease-test-" + UUID.randomUUID(), List.of("batches"), false,
                new OperationMetrics(new SimpleMeterRegistry(), "test_queue", Tags.empty()));
        // The frontend only hands job tokens to an executor that has pinged.
        client.heartbeat(List.of(), dev.executor.queue.Telemetry.empty(), "").await().indefinitely();
    }

    @AfterEach
    void stop() {
        jobs.ends.values().forEach(f -> f.complete(null));
        leaseThread.shutdownNow();
        api.close();
        assertEquals(List.of(), frontend.violations());
        frontend.close();
    }

    LeasePipeline pipeline(int maxJobs, int numTotalJobs, BooleanSupplier mayDequeue) {
        return new LeasePipeline(client, jobs, new DequeueRequest(null, client.executorName(), "5.3.0", null, null,
                null), maxJobs, numTotalJobs, Duration.ZERO, mayDequeue, new ExecutorMetrics(new SimpleMeterRegistry()),
                leaseThread);
    }

    int dequeues() {
        return frontend.requests("/dequeue").size();
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    long enqueue() {
        return frontend.enqueue("batches", Jobs.job().step("s", "true").json());
    }

    @Test
    void neverMoreThanTheSlotsInFlightAndAFreedSlotDequeuesAtOnce() throws Exception {
        long[] ids = {enqueue(), enqueue(), enqueue(), enqueue(), enqueue()};
        LeasePipeline pipeline = pipeline(2, 0, () -> true);
        UniAssertSubscriber<String> run = pipeline.run(List.of()).subscribe().withSubscriber(UniAssertSubscriber.create());

        // No tick at all: the first dequeue starts at once, and each leased job triggers the next.
        eventually("two jobs run", () -> jobs.started.size() == 2);
        for (int i = 0; i < 10; i++) {
            pipeline.tick(); // a full worker: ticks must not dequeue
        }
        Thread.sleep(300);
        assertEquals(2, jobs.started.size());
        assertEquals(2, dequeues(), "no dequeue without a free slot");
        assertEquals(2, pipeline.inFlight());

        jobs.end(ids[0]); // no tick: the freed slot alone takes the next job
        eventually("the freed slot is refilled", () -> jobs.started.size() == 3);
        jobs.end(ids[1]);
        jobs.end(ids[2]);
        eventually("all five ran", () -> jobs.started.size() == 5);
        assertEquals(2, jobs.maxInFlight.get(), "never more than EXECUTOR_MAXIMUM_NUM_JOBS at once");
        assertEquals(List.of(ids[0], ids[1], ids[2], ids[3], ids[4]), jobs.started);
        run.assertNotTerminated();
        pipeline.stop();
        jobs.end(ids[3]);
        jobs.end(ids[4]);
        run.awaitItem(Duration.ofSeconds(10)).assertItem(null);
        assertEquals(0, pipeline.inFlight());
    }

    @Test
    void anEmptyAnswerWaitsForTheNextTick() throws Exception {
        LeasePipeline pipeline = pipeline(2, 0, () -> true);
        pipeline.run(List.of()).subscribe().withSubscriber(UniAssertSubscriber.create());
        eventually("the first dequeue", () -> dequeues() == 1);
        Thread.sleep(300);
        assertEquals(1, dequeues(), "204: nothing until the next tick");
        pipeline.tick();
        eventually("the tick's dequeue", () -> dequeues() == 2);
        long id = enqueue();
        pipeline.tick();
        eventually("the job is leased", () -> jobs.started.contains(id));
        eventually("a leased job polls again at once", () -> dequeues() == 4);
        pipeline.stop();
    }

    @Test
    void ticksThatComeWhileADequeueIsInFlightCoalesce() throws Exception {
        frontend.hangRoute("/dequeue", 1, Duration.ofMillis(500));
        LeasePipeline pipeline = pipeline(1, 0, () -> true);
        pipeline.run(List.of()).subscribe().withSubscriber(UniAssertSubscriber.create());
        for (int i = 0; i < 20; i++) {
            pipeline.tick();
        }
        Thread.sleep(1200);
        assertEquals(2, dequeues(), "twenty ticks during one slow dequeue make one more dequeue, not twenty");
        pipeline.stop();
    }

    @Test
    void retiresAfterTheTotalJobsAndCompletesOnceTheyAreDone() throws Exception {
        long a = enqueue();
        long b = enqueue();
        enqueue();
        LeasePipeline pipeline = pipeline(3, 2, () -> true);
        UniAssertSubscriber<String> run = pipeline.run(List.of()).subscribe().withSubscriber(UniAssertSubscriber.create());
        eventually("two jobs run", () -> jobs.started.size() == 2);
        pipeline.tick();
        Thread.sleep(300);
        assertEquals(2, dequeues(), "EXECUTOR_NUM_TOTAL_JOBS=2: no third dequeue");
        assertTrue(pipeline.stopped());
        run.assertNotTerminated(); // jobs still running
        jobs.end(a);
        jobs.end(b);
        run.awaitItem(Duration.ofSeconds(10)).assertItem("NumTotalJobs dequeued");
    }

    @Test
    void stoppingWaitsForTheJobsInFlight() throws Exception {
        long a = enqueue();
        LeasePipeline pipeline = pipeline(2, 0, () -> true);
        UniAssertSubscriber<String> run = pipeline.run(List.of()).subscribe().withSubscriber(UniAssertSubscriber.create());
        eventually("the job runs", () -> jobs.started.size() == 1);
        eventually("the next dequeue answered", () -> dequeues() == 2);
        pipeline.stop();
        enqueue();
        pipeline.tick();
        Thread.sleep(300);
        assertEquals(2, dequeues(), "no dequeue after stop");
        run.assertNotTerminated();
        jobs.end(a);
        run.awaitItem(Duration.ofSeconds(10)).assertItem(null);
    }

    @Test
    void recoveredJobsGoFirstAndHoldSlots() throws Exception {
        enqueue();
        CompletableFuture<Void> resumed = new CompletableFuture<>();
        AtomicBoolean resumedStarted = new AtomicBoolean();
        LeasePipeline pipeline = pipeline(1, 0, () -> true);
        pipeline.run(List.of(Uni.createFrom().completionStage(resumed).onSubscription().invoke(() -> resumedStarted.set(true))))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        eventually("the recovered job runs", resumedStarted::get);
        pipeline.tick();
        Thread.sleep(300);
        assertEquals(0, dequeues(), "its slot is taken");
        resumed.complete(null);
        eventually("then the queue's job", () -> jobs.started.size() == 1);
        pipeline.stop();
    }

    @Test
    void aClosedGateAndAFailingFrontendDequeueNothingAndTheNextTickTriesAgain() throws Exception {
        AtomicBoolean open = new AtomicBoolean(false);
        long a = enqueue();
        LeasePipeline pipeline = pipeline(1, 0, open::get);
        pipeline.run(List.of()).subscribe().withSubscriber(UniAssertSubscriber.create());
        pipeline.tick();
        Thread.sleep(300);
        assertEquals(0, dequeues(), "the gate (disk, orphans) holds dequeuing back");
        open.set(true);
        frontend.failRoute("/dequeue", 503, 1);
        pipeline.tick();
        eventually("the failed dequeue", () -> dequeues() == 1);
        Thread.sleep(200);
        assertEquals(List.of(), jobs.started);
        pipeline.tick();
        eventually("the next tick leases", () -> jobs.started.contains(a));
        pipeline.stop();
    }

    @Test
    void aMalformedPayloadIsRejectedAndLeasingGoesOn() throws Exception {
        frontend.enqueueRaw("batches", "{\"id\": 77, \"token\": \"t\", \"dockerSteps\": 5}");
        long good = enqueue();
        LeasePipeline pipeline = pipeline(1, 0, () -> true);
        pipeline.run(List.of()).subscribe().withSubscriber(UniAssertSubscriber.create());
        eventually("the good job is leased after the bad one", () -> jobs.started.contains(good));
        assertEquals(1, jobs.rejected.size(), jobs.rejected.toString());
        pipeline.stop();
    }
}
