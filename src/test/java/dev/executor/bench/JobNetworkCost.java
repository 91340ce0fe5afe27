package dev.executor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of the per-job network ({@code EXECUTOR_DOCKER_JOB_NETWORK}) through the whole executor: the same
 * one-step jobs on an executor with the network on and one with it off, dequeue → completed, alternating between
 * the two so load drift hits both sides.
 */
final class JobNetworkCost {

    static final int JOBS = 8;

    private JobNetworkCost() {
    }

    /** Each frontend has one executor polling its batches queue: with the per-job network, and without. */
    static void measure(FakeFrontend networkOn, FakeFrontend networkOff, Table table) {
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        String json = Jobs.job().step("noop", "true").json();
        for (int i = 0; i < JOBS; i++) {
            if (i % 2 == 0) {
                on.add(oneJob(networkOn, json));
                off.add(oneJob(networkOff, json));
            } else {
                off.add(oneJob(networkOff, json));
                on.add(oneJob(networkOn, json));
            }
        }
        double withNet = Stats.median(on);
        double without = Stats.median(off);
        table.add("one-step job, per-job network on", ExecutorBenchmark.fmt(withNet, "ms"), "median of " + JOBS + ", dequeue → completed, alternating with off", "");
        table.add("one-step job, per-job network off", ExecutorBenchmark.fmt(without, "ms"), "median of " + JOBS, "");
        table.add("per-job network cost", ExecutorBenchmark.fmt(withNet - without, "ms"), "difference of the medians, per job (not per step)", "");
    }

    private static double oneJob(FakeFrontend frontend, String json) {
        JobRecord r = frontend.awaitTerminal(frontend.enqueue("batches", json), Duration.ofMinutes(2));
        assertEquals(JobRecord.State.COMPLETED, r.state(), r.toString());
        return Duration.between(r.dequeuedAt(), r.finishedAt()).toNanos() / 1e6;
    }
}
