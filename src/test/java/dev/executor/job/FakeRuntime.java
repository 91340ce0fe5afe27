package dev.executor.job;

import dev.executor.logs.Pipe;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.JobEnvironment;
import dev.executor.runtime.ManagedResource;
import dev.executor.runtime.ResumePoint;
import dev.executor.runtime.Runtime;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link Runtime} without an engine: each step does what the test scripted for its key (default: prints
 * {@code ran <key>} and exits 0), and every call is recorded: which steps ran in which order, on which thread,
 * and what the job's environment went through.
 */
final class FakeRuntime implements Runtime {

    /** What a step does: given its spec, output and cancellation, its result. */
    interface Behaviour {
        Uni<StepResult> run(StepSpec spec, StepOutput output, Cancellation cancel);
    }

    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
    final AtomicInteger environmentsMade = new AtomicInteger();
    final AtomicInteger environmentsClosed = new AtomicInteger();
    volatile RuntimeException environmentFailure;

    /** A step that prints and exits with {@code exitCode}. */
    static Behaviour exits(int exitCode) {
        return (spec, output, cancel) -> Uni.createFrom().item(() -> {
            output.started();
            output.line(Pipe.STDOUT, "ran " + spec.stepKey());
            return new StepResult(exitCode, false);
        });
    }

    /** A step that runs until the job is cancelled, then is stopped like a container on SIGTERM. */
    static Behaviour runsUntilCancelled() {
        return (spec, output, cancel) -> cancel.cancelled().onItem().transformToUni(reason -> Uni.createFrom()
                .<StepResult>failure(new dev.executor.runtime.StepCancelledException(reason.text(),
                        "stopped on SIGTERM (exit code 143)")));
    }

    /** Counted down once the step with {@code key} has started. */
    CountDownLatch startOf(String key) {
        return started.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    @Override
    public Uni<StepResult> run(StepSpec spec, StepOutput output, Cancellation cancel, Consumer<String> created) {
        return Uni.createFrom().deferred(() -> {
            ran.add(spec.stepKey());
            threads.add(Thread.currentThread().getName());
            created.accept("container-" + spec.stepKey());
            startOf(spec.stepKey()).countDown();
            return behaviours.getOrDefault(spec.stepKey(), exits(0)).run(spec, output, cancel);
        });
    }

    @Override
    public Uni<StepResult> resume(StepSpec spec, StepOutput output, Cancellation cancel, ResumePoint from) {
        return run(spec, output, cancel, id -> { });
    }

    @Override
    public JobEnvironment prepareJob(String name, Map<String, String> labels) {
        threads.add(Thread.currentThread().getName());
        if (environmentFailure != null) {
            throw environmentFailure;
        }
        environmentsMade.incrementAndGet();
        return new JobEnvironment() {
            @Override
            public String network() {
                return "net-" + name;
            }

            @Override
            public void close() {
                environmentsClosed.incrementAndGet();
            }
        };
    }

    @Override
    public List<ManagedResource> managedContainers() {
        return List.of();
    }

    @Override
    public void removeContainer(String id) {
    }

    @Override
    public List<String> commandLine(StepSpec spec) {
        return List.of("docker", "run", spec.image());
    }

    @Override
    public String serverVersion() {
        return "fake";
    }

    @Override
    public String name() {
        return "fake";
    }

    static StepStartException startFailure(String message) {
        return new StepStartException(message, null);
    }
}
