package dev.executor.bench;

import static dev.executor.bench.ExecutorBenchmark.fmt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Per-step overhead, for both network configurations, in one run: an executor with the default per-job network
 * against bare loops that create a network per {@value ExecutorBenchmark#STEPS_PER_JOB} containers, and an executor
 * with {@code EXECUTOR_DOCKER_JOB_NETWORK=false} against bare loops on the default bridge. Each round runs one
 * job-sized batch on every side, starting with a different side each round, so load drift hits all sides alike.
 */
final class OverheadComparison {

    static final int ROUNDS = 7;

    private final FakeFrontend networkOnFrontend;
    private final FakeFrontend networkOffFrontend;
    private final BareDockerLoops loops;
    private final String launcher;
    private final Map<String, List<Double>> toFirstContainer = new LinkedHashMap<>();

    /** The two frontends each have one executor of the given configuration polling their batches queue. */
    OverheadComparison(FakeFrontend networkOnFrontend, FakeFrontend networkOffFrontend, Path scratch, String launcher)
            throws Exception {
        this.networkOnFrontend = networkOnFrontend;
        this.networkOffFrontend = networkOffFrontend;
        this.loops = new BareDockerLoops(scratch);
        this.launcher = launcher;
    }

    void measure(Table table) {
        int steps = ExecutorBenchmark.STEPS_PER_JOB;
        Jobs job = Jobs.job();
        for (int i = 0; i < steps; i++) {
            job.step("s" + i, "true");
        }
        String json = job.json();
        Map<String, DoubleSupplier> sides = new LinkedHashMap<>();
        sides.put("executor, network on", () -> executorJob(networkOnFrontend, json, "on"));
        sides.put("docker-java, network on", () -> loops.dockerJavaJob(steps, true));
        sides.put("CLI, network on", () -> loops.cliJob(steps, true));
        sides.put("executor, network off", () -> executorJob(networkOffFrontend, json, "off"));
        sides.put("docker-java, network off", () -> loops.dockerJavaJob(steps, false));
        sides.put("CLI, network off", () -> loops.cliJob(steps, false));
        List<String> order = new ArrayList<>(sides.keySet());
        Map<String, List<Double>> perStep = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < order.size(); k++) {
                String side = order.get((k + round) % order.size());
                perStep.computeIfAbsent(side, s -> new ArrayList<>()).add(sides.get(side).getAsDouble() / steps);
            }
        }
        String batches = ", median of " + ROUNDS + " batches, interleaved";
        String job10 = "per " + steps + "-step batch ÷ " + steps + batches;
        for (String config : List.of("on", "off")) {
            boolean on = config.equals("on");
            double executor = Stats.median(perStep.get("executor, network " + config));
            double java = Stats.median(perStep.get("docker-java, network " + config));
            double cli = Stats.median(perStep.get("CLI, network " + config));
            String net = on ? "network " + config + " (default)" : "network " + config;
            table.add("per step, " + net + ": executor", fmt(executor, "ms"), launcher + ", EXECUTOR_DOCKER_JOB_NETWORK="
                    + on + "; jobs of " + steps + " `true` steps, dequeue → completed (incl. setup, teardown, marks"
                    + (on ? ", the job's network" : "") + ") ÷ " + steps + batches, "");
            table.add("per step, " + net + ": docker-java loop", fmt(java, "ms"), (on
                    ? "network create, " + steps + " × create/attach/start/wait/remove on it, network remove; "
                    : "default bridge, " + steps + " × create/attach/start/wait/remove; ") + job10, "");
            table.add("per step, " + net + ": `docker run --rm` CLI loop", fmt(cli, "ms"), (on
                    ? "`docker network create`, " + steps + " × `docker run --rm --network`, `docker network rm`; "
                    : "default bridge; ") + job10, "");
            // Issue 18: at N = 1 the executor goes below the bare loop (the next step's container is created while
            // the current one runs); was ≤ 1.05 before that.
            table.add("ratio executor / docker-java, " + net, fmt(executor / java, "x"), "per step, one job at a time",
                    "≤ 0.85");
            table.add("ratio executor / CLI, " + net, fmt(executor / cli, "x"), "", "≤ 1.00");
        }
        for (String config : List.of("on", "off")) {
            table.add("dequeue → first container, network " + config, fmt(Stats.median(toFirstContainer.get(config)), "ms"),
                    "median; first step entry's startTime − dequeue", "");
        }
    }

    /** Milliseconds from dequeue to completion of one job. */
    private double executorJob(FakeFrontend frontend, String json, String config) {
        JobRecord r = frontend.awaitTerminal(frontend.enqueue("batches", json), Duration.ofMinutes(3));
        assertEquals(JobRecord.State.COMPLETED, r.state(), r.toString());
        toFirstContainer.computeIfAbsent(config, c -> new ArrayList<>())
                .add(Duration.between(r.dequeuedAt(), firstStepStart(r)).toNanos() / 1e6);
        return Duration.between(r.dequeuedAt(), r.finishedAt()).toNanos() / 1e6;
    }

    private static Instant firstStepStart(JobRecord r) {
        for (JsonNode e : r.logEntries()) {
            if (e.get("key").asText().startsWith("step.")) {
                return Instant.parse(e.get("startTime").asText());
            }
        }
        throw new AssertionError("no step entry in " + r);
    }
}
