package dev.executor.it;

import static dev.executor.testing.Lifecycle.awaitRunningContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.Lifecycle;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord.State;
import dev.executor.testing.frontend.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler that drives leasing, against the packaged executor: a 100 ms poll interval is honoured (the simple
 * scheduler would tick once a second), and with every job slot busy no dequeue is sent at all while heartbeats keep
 * their 250 ms cadence, because they run on the scheduler's own thread, not the job pool.
 */
class LeaseScheduleIT {

    static final String SECRET = "sk-lease-schedule-test-secret";

    FakeFrontend frontend;
    ExecutorEnv env;

    @BeforeEach
    void startFrontend() {
        frontend = FakeFrontend.start(SECRET);
        env = ExecutorEnv.forFrontend(frontend, "batches")
                .with("EXECUTOR_QUEUE_POLL_INTERVAL", "100ms")
                .with("EXECUTOR_HEARTBEAT_INTERVAL", "250ms")
                .with("EXECUTOR_MAXIMUM_NUM_JOBS", "2");
    }

    @AfterEach
    void stopFrontend() {
        Lifecycle.closeFrontend(frontend, env, v -> false);
    }

    @Test
    void subSecondPollsAndHeartbeatsHoldWhileEverySlotIsBusy() {
        try (ExecutorProcess executor = ExecutorProcess.start("lease-schedule", env.map())) {
            executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            // Ready once the ping is accepted; leasing starts after recovery and the janitor's first sweep.
            Lifecycle.await("the first dequeue", Duration.ofSeconds(60), () -> !frontend.requests("/dequeue").isEmpty());

            // Idle: one dequeue per 100 ms tick (an empty answer waits for the next tick; ticks that come while a
            // slow dequeue is answered coalesce). The simple scheduler, which checks triggers once a second, could
            // never make more than four in 3 s.
            int before = frontend.requests("/dequeue").size();
            Lifecycle.pause(Duration.ofSeconds(3));
            int idlePolls = frontend.requests("/dequeue").size() - before;
            assertTrue(idlePolls > 4 && idlePolls <= 45, "expected up to ~30 dequeues at 100 ms in 3 s, got " + idlePolls);

            // Busy: two jobs hold both slots; the third waits in the queue.
            long a = frontend.enqueue("batches", Jobs.job().step("work", "sleep 8").json());
            long b = frontend.enqueue("batches", Jobs.job().step("work", "sleep 8").json());
            awaitRunningContainer(frontend, a, Duration.ofSeconds(30));
            awaitRunningContainer(frontend, b, Duration.ofSeconds(30));
            long c = frontend.enqueue("batches", Jobs.job().step("work", "true").json());
            Instant busyFrom = Instant.now();
            Lifecycle.pause(Duration.ofSeconds(4));
            Instant busyUntil = Instant.now();

            List<RecordedRequest> busy = frontend.requests().stream()
                    .filter(r -> r.timestamp().isAfter(busyFrom) && r.timestamp().isBefore(busyUntil)).toList();
            assertEquals(0, busy.stream().filter(r -> r.path().endsWith("/dequeue")).count(),
                    "no dequeue without a free slot: " + busy);
            List<Instant> beats = busy.stream().filter(r -> r.path().endsWith("/heartbeat"))
                    .map(RecordedRequest::timestamp).toList();
            assertTrue(beats.size() >= 10, "expected ~16 heartbeats at 250 ms in 4 s, got " + beats.size());
            for (int i = 1; i < beats.size(); i++) {
                long gap = Duration.between(beats.get(i - 1), beats.get(i)).toMillis();
                assertTrue(gap < 1000, "heartbeat " + i + " came " + gap + " ms after the previous one");
            }
            assertEquals(State.QUEUED, frontend.job(c).state(), "the third job waits for a slot");

            assertEquals(State.COMPLETED, frontend.awaitTerminal(c, Duration.ofSeconds(60)).state());
            assertEquals(State.COMPLETED, frontend.awaitTerminal(a, Duration.ofSeconds(60)).state());
            assertEquals(State.COMPLETED, frontend.awaitTerminal(b, Duration.ofSeconds(60)).state());
            assertTrue(frontend.maxConcurrentProcessing() <= 2, "at most EXECUTOR_MAXIMUM_NUM_JOBS in flight");
            Lifecycle.stopExecutor(executor);
        }
    }
}
