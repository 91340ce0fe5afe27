package dev.executor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of the per-job network ({@code EXECUTOR_DOCKER_JOB_NETWORK}) through the whole executor: the
 * same one-step jobs with the network on and off, dequeue → completed. Runs alternate between two
 * executors so load drift hits both sides.
 */
final class JobNetworkCost {

    static final int JOBS = 8;

    private JobNetworkCost() {
    }

    static void measure(FakeFrontend frontend, Table table) {
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        String json = Jobs.job().step("noop", "true").json();
        for (int round = 0; round < 2; round++) {
            for (boolean network : new boolean[] {true, false}) {
                ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches").with("SRC_LOG_LEVEL", "warn")
                        .with("EXECUTOR_QUEUE_POLL_INTERVAL", "100ms")
                        .with("EXECUTOR_DOCKER_JOB_NETWORK", Boolean.toString(network));
                try (ExecutorProcess executor = ExecutorProcess.start("bench-network-" + network, env.map())) {
                    executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
                    for (int i = 0; i < JOBS / 2; i++) {
                        JobRecord r = frontend.awaitTerminal(frontend.enqueue("batches", json), Duration.ofMinutes(2));
                        assertEquals(JobRecord.State.COMPLETED, r.state(), r.toString());
                        (network ? on : off).add(Duration.between(r.dequeuedAt(), r.finishedAt()).toNanos() / 1e6);
                    }
                    ExecutorBenchmark.stop(executor);
                }
            }
        }
        double withNet = Stats.median(on);
        double without = Stats.median(off);
        table.add("one-step job, per-job network on", ExecutorBenchmark.fmt(withNet, "ms"), "median of " + JOBS + ", dequeue → completed", "");
        table.add("one-step job, per-job network off", ExecutorBenchmark.fmt(without, "ms"), "median of " + JOBS, "");
        table.add("per-job network cost", ExecutorBenchmark.fmt(withNet - without, "ms"), "difference of the medians, per job (not per step)", "");
    }
}
