package dev.executor.runtime.docker;

import dev.executor.observe.logging.JobMdc;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.ContainerLabels;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One step container's life as a {@link Uni}: create (pulling the image if the engine says it is missing) →
 * attach (before start, so no output is missed whatever the log driver; its lines stream into the step's output as
 * a {@code Multi}) → start → wait → inspect a failed step for OOM → remove (in the background, whatever happened).
 * The job's cancellation, subscribed for as long as the container exists, stops it; cancelling the subscription
 * removes it (forced). Blocking engine calls run on {@code calls}, a bounded executor; the wait and the output
 * arrive on the engine's stream threads and are moved back onto {@code calls}.
 */
final class ContainerLifecycle {

    /** How long attach may take to be established, and the output to end after the container exited. */
    static final Duration STREAM_TIMEOUT = Duration.ofSeconds(30);

    private final ContainerEngine engine;
    private final Executor calls;
    private final IntFunction<String> howStopped;

    /** @param howStopped what stopping did, given the exit code, for the step's log */
    ContainerLifecycle(ContainerEngine engine, Executor calls, IntFunction<String> howStopped) {
        this.engine = engine;
        this.calls = calls;
        this.howStopped = howStopped;
    }

    Uni<StepResult> run(StepSpec spec, StepOutput output, Cancellation cancel, Consumer<String> created) {
        // Every line logged about the step names its job, whichever pooled thread logs it.
        Executor calls = JobMdc.executor(spec.jobId(), spec.labels().get(ContainerLabels.QUEUE), this.calls);
        return Uni.createFrom().deferred(() -> {
            if (cancel.isCancelled()) {
                return Uni.createFrom().failure(
                        new StepCancelledException(cancel.reasonText(), "the container was not created"));
            }
            return blocking(calls, () -> engine.create(spec, output, cancel))
                    .chain(id -> created(id, spec, output, cancel, created, calls));
        });
    }

    private Uni<StepResult> created(String id, StepSpec spec, StepOutput output, Cancellation cancel,
            Consumer<String> created, Executor calls) {
        CompletableFuture<Void> attached = new CompletableFuture<>();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        Cancellable[] listeners = new Cancellable[2];
        return Uni.createFrom().deferred(() -> {
            created.accept(id);
            listeners[0] = cancel.cancelled().emitOn(calls).subscribe().with(reason -> engine.stop(id, spec));
            listeners[1] = engine.attach(id, () -> attached.complete(null)).subscribe().with(
                    line -> output.line(line.pipe(), line.text()),
                    failure -> {
                        attached.complete(null);
                        drained.complete(null);
                    },
                    () -> drained.complete(null));
            return await(attached);
        })
                .chain(() -> blocking(calls, () -> {
                    if (cancel.isCancelled()) {
                        throw new StepCancelledException(cancel.reasonText(), "the container was not started");
                    }
                    engine.start(id, spec);
                    output.started();
                    if (cancel.isCancelled()) {
                        // Cancelled while starting: the stop the listener ran may have hit a container not yet running.
                        engine.stop(id, spec);
                    }
                    return id;
                }))
                .chain(() -> engine.exitCode(id))
                .call(exitCode -> await(drained))
                .emitOn(calls)
                .chain(exitCode -> {
                    if (cancel.isCancelled()) {
                        return Uni.createFrom().failure(
                                new StepCancelledException(cancel.reasonText(), howStopped.apply(exitCode)));
                    }
                    // Only a failed step can have failed for memory (an OOM kill inside a step that exits 0 is no
                    // failure), so a successful step skips the inspect call.
                    return exitCode == 0 ? Uni.createFrom().item(new StepResult(0, false))
                            : blocking(calls, () -> new StepResult(exitCode, engine.oomKilled(id)));
                })
                .onFailure(e -> !(e instanceof StepStartException || e instanceof StepCancelledException))
                .transform(e -> new StepStartException("running container for image \"" + spec.image() + "\": "
                        + e.getMessage(), e))
                .onTermination().invoke(() -> {
                    for (Cancellable listener : listeners) {
                        if (listener != null) {
                            listener.cancel();
                        }
                    }
                    engine.removeLater(id, spec);
                });
    }

    /** Completes when {@code signal} does, or after {@link #STREAM_TIMEOUT} at the latest (a lingering daemon). */
    private static Uni<Void> await(CompletableFuture<Void> signal) {
        return Uni.createFrom().completionStage(signal).ifNoItem().after(STREAM_TIMEOUT).recoverWithItem(() -> null)
                .replaceWithVoid();
    }

    private static <T> Uni<T> blocking(Executor calls, Supplier<T> call) {
        return Uni.createFrom().item(call).runSubscriptionOn(calls);
    }
}
