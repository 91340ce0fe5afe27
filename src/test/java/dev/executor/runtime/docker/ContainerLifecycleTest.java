package dev.executor.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.logs.Pipe;
import dev.executor.runtime.BoundedExecutors;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A step container's life on a fake engine: the order of the calls (create, attach, start, wait, remove), its
 * output as lines, the OOM check on failure only, and what a cancel does before, during and instead of the run.
 */
class ContainerLifecycleTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final StepSpec SPEC = new StepSpec(7, "step.docker.a", "alpine:3", Path.of("/tmp/ws"), "/data", "/s.sh",
            List.of(), new StepSpec.Resources(1, 0, "0"), Map.of("queue", "batches"), null, null);

    final ExecutorService calls = BoundedExecutors.fixed("docker-call", 2);
    final FakeEngine engine = new FakeEngine();
    final ContainerLifecycle lifecycle = new ContainerLifecycle(engine, calls, code -> "stopped (exit code " + code + ")");
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final List<String> created = Collections.synchronizedList(new ArrayList<>());
    final StepOutput output = new StepOutput() {
        @Override
        public void line(Pipe pipe, String line) {
            lines.add(pipe + ": " + line);
        }

        @Override
        public void started() {
            engine.calls.add("started");
        }
    };

    @AfterEach
    void stop() {
        calls.shutdownNow();
    }

    /** Records the calls; the container "runs" until {@link #exit} (or a stop, which exits 143). */
    static final class FakeEngine implements ContainerEngine {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Integer> exited = new CompletableFuture<>();
        final CountDownLatch running = new CountDownLatch(1);
        volatile MultiEmitter<? super DockerStreams.Line> attached;
        volatile RuntimeException startFailure;
        volatile boolean oom;

        @Override
        public String create(StepSpec spec, StepOutput output, Cancellation cancel) {
            calls.add("create");
            threads.add(Thread.currentThread().getName());
            return "c1";
        }

        @Override
        public Multi<DockerStreams.Line> attach(String id, Runnable onAttached) {
            return Multi.createFrom().emitter(e -> {
                calls.add("attach");
                attached = e;
                onAttached.run();
            });
        }

        @Override
        public void start(String id, StepSpec spec) {
            calls.add("start");
            threads.add(Thread.currentThread().getName());
            if (startFailure != null) {
                throw startFailure;
            }
            attached.emit(new DockerStreams.Line(Pipe.STDOUT, "hello"));
            attached.emit(new DockerStreams.Line(Pipe.STDERR, "warn"));
            running.countDown();
        }

        @Override
        public Uni<Integer> exitCode(String id) {
            return Uni.createFrom().completionStage(exited).invoke(code -> {
                calls.add("exited " + code);
                attached.complete();
            });
        }

        /** The container's process ends. */
        void exit(int code) {
            exited.complete(code);
        }

        @Override
        public boolean oomKilled(String id) {
            calls.add("inspect");
            return oom;
        }

        @Override
        public void stop(String id, StepSpec spec) {
            calls.add("stop");
            threads.add(Thread.currentThread().getName());
            if (running.getCount() == 0) {
                exited.complete(143);
            }
        }

        @Override
        public void removeLater(String id, StepSpec spec) {
            calls.add("remove");
        }
    }

    UniAssertSubscriber<StepResult> start(Cancellation cancel) {
        return lifecycle.run(SPEC, output, cancel, created::add).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void createAttachStartWaitRemoveInThatOrderWithTheOutputAsLines() throws Exception {
        UniAssertSubscriber<StepResult> step = start(new Cancellation());
        assertTrue(engine.running.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        engine.exit(0);
        assertEquals(new StepResult(0, false), step.awaitItem(WAIT).getItem());
        assertEquals(List.of("create", "attach", "start", "started", "exited 0", "remove"), engine.calls);
        assertEquals(List.of("STDOUT: hello", "STDERR: warn"), lines);
        assertEquals(List.of("c1"), created, "the journal hears of the container before it starts");
        assertTrue(engine.threads.stream().allMatch(t -> t.startsWith("docker-call-")), engine.threads.toString());
    }

    @Test
    void onlyAFailedStepIsInspectedForMemory() throws Exception {
        engine.oom = true;
        UniAssertSubscriber<StepResult> step = start(new Cancellation());
        assertTrue(engine.running.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        engine.exit(137);
        assertEquals(new StepResult(137, true), step.awaitItem(WAIT).getItem());
        assertEquals(List.of("create", "attach", "start", "started", "exited 137", "inspect", "remove"), engine.calls);
    }

    @Test
    void aCancelMidStepStopsTheContainerAndSaysHow() throws Exception {
        Cancellation cancel = new Cancellation();
        UniAssertSubscriber<StepResult> step = start(cancel);
        assertTrue(engine.running.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        cancel.cancel(Cancellation.Reason.CANCELED);
        Throwable failure = step.awaitFailure(WAIT).getFailure();
        assertTrue(failure instanceof StepCancelledException, failure.toString());
        assertEquals("job was canceled", failure.getMessage());
        assertEquals("stopped (exit code 143)", ((StepCancelledException) failure).howStopped());
        List<String> calls = List.copyOf(engine.calls);
        // The stop may run twice (the listener, and the check right after start when the cancel came during it).
        assertEquals(List.of("create", "attach", "start"), calls.subList(0, 3), calls.toString());
        assertTrue(calls.indexOf("stop") > 2 && calls.indexOf("stop") < calls.indexOf("exited 143"), calls.toString());
        assertEquals("remove", calls.get(calls.size() - 1), calls.toString());
        assertTrue(engine.threads.stream().allMatch(t -> t.startsWith("docker-call-")),
                "the stop runs on the runtime's executor, not the canceller's thread: " + engine.threads);
    }

    @Test
    void aJobCancelledBeforeTheStepCreatesNothing() {
        Cancellation cancel = new Cancellation();
        cancel.cancel(Cancellation.Reason.SHUTDOWN);
        Throwable failure = start(cancel).awaitFailure(WAIT).getFailure();
        assertEquals("executor is shutting down", failure.getMessage());
        assertEquals("the container was not created", ((StepCancelledException) failure).howStopped());
        assertEquals(List.of(), engine.calls);
    }

    @Test
    void aRefusedStartIsAStartFailureAndTheContainerIsStillRemoved() {
        engine.startFailure = new StepStartException("starting container for image \"alpine:3\": no such network", null);
        Throwable failure = start(new Cancellation()).awaitFailure(WAIT).getFailure();
        assertEquals("starting container for image \"alpine:3\": no such network", failure.getMessage());
        assertEquals(List.of("create", "attach", "start", "remove"), engine.calls);
    }

    @Test
    void anUnexpectedEngineErrorNamesTheImage() {
        engine.startFailure = new IllegalStateException("connection reset");
        Throwable failure = start(new Cancellation()).awaitFailure(WAIT).getFailure();
        assertTrue(failure instanceof StepStartException, failure.toString());
        assertEquals("running container for image \"alpine:3\": connection reset", failure.getMessage());
        assertTrue(engine.calls.contains("remove"));
    }

    @Test
    void cancellingTheSubscriptionRemovesTheContainer() throws Exception {
        UniAssertSubscriber<StepResult> step = start(new Cancellation());
        assertTrue(engine.running.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        step.cancel();
        assertEquals("remove", engine.calls.get(engine.calls.size() - 1), engine.calls.toString());
    }
}
