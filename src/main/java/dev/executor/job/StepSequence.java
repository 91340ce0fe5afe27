package dev.executor.job;

import dev.executor.logs.LogEntry;
import dev.executor.logs.Pipe;
import dev.executor.runtime.ResumePoint;
import dev.executor.runtime.Runtime;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepLostException;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import dev.executor.workspace.Workspace;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A job's planned docker steps as a Mutiny pipeline: a {@link Multi} of step indices, each transformed in order
 * ({@code transformToUniAndConcatenate}) into its container's {@link Uni} ({@link Runtime#run}); the first failure
 * fails the pipeline, so no later step starts. Honours the batches skip protocol. Every step start, container and
 * end is journaled, so a restarted executor can pick the job up where it was: {@link #resume} reattaches to a
 * step's container, {@link #afterRecordedStep} continues after a step that had ended. The journal, log and
 * skip-file work between containers runs on {@code work}, the job side's bounded executor.
 */
final class StepSequence {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(StepSequence.class);

    /** The start of the error of a job the executor could not carry on after a restart. */
    static final String RESTARTED = "executor restarted during the job";

    private final Runtime runtime;
    private final Workspace workspace;
    private final List<StepSpec> steps;
    private final JobContext job;

    StepSequence(Runtime runtime, Workspace workspace, List<StepSpec> steps, JobContext job) {
        this.runtime = runtime;
        this.workspace = workspace;
        this.steps = steps;
        this.job = job;
    }

    /** How a step's failure message starts (spec §4.8). */
    private String failure(StepSpec spec) {
        return job.legacyPath() ? "failed to perform docker step: " : "running command \"" + spec.stepKey() + "\": ";
    }

    /**
     * Runs steps {@code from}.. on, skipping until the step logged as {@code skipUntil} when it is set. A job
     * cancelled between two steps starts no further one and fails with the cancel reason.
     */
    Uni<Void> runFrom(int from, String skipUntil) {
        AtomicReference<String> skip = new AtomicReference<>(skipUntil);
        return Multi.createFrom().range(from, steps.size())
                .onItem().transformToUniAndConcatenate(index -> Uni.createFrom().deferred(() -> {
                    StepSpec spec = steps.get(index);
                    String until = skip.get();
                    if (until != null && !until.equals(spec.stepKey())) {
                        return Uni.createFrom().item(index); // skipped (batches skip protocol)
                    }
                    if (job.cancellation().isCancelled()) {
                        return Uni.createFrom().failure(job.cancelled());
                    }
                    return run(index, spec).invoke(skip::set).replaceWith(index);
                }))
                .collect().last()
                .replaceWithVoid();
    }

    /** Reattaches to step {@code index}, which was running when the executor stopped, then runs the rest. */
    Uni<Void> resume(int index) {
        return Uni.createFrom().deferred(() -> {
            StepSpec spec = step(index);
            LogEntry existing = job.log().running(spec.stepKey());
            LogEntry entry = existing != null ? existing : job.log().open(spec.stepKey(), runtime.commandLine(spec));
            ResumePoint from = new ResumePoint(entry.lines(Pipe.STDOUT), entry.lines(Pipe.STDERR));
            return runtime.resume(spec, entry::appendLine, job.cancellation(), from)
                    .emitOn(job.work())
                    .onFailure(StepLostException.class).transform(e -> {
                        entry.appendLine(Pipe.STDERR, RESTARTED + ": " + e.getMessage());
                        job.log().close(entry, -1);
                        return new JobFailure(RESTARTED + ": " + e.getMessage());
                    })
                    .onFailure(StepCancelledException.class).transform(e -> stopped(spec, entry, (StepCancelledException) e))
                    .map(result -> finish(index, spec, entry, result))
                    .chain(skipUntil -> runFrom(index + 1, skipUntil));
        });
    }

    /** Continues after step {@code index}, which had ended with the recorded result before the restart. */
    Uni<Void> afterRecordedStep(int index, int exitCode, boolean oomKilled, String skipUntil) {
        return Uni.createFrom().deferred(() -> {
            checkResult(step(index), new StepResult(exitCode, oomKilled));
            return runFrom(index + 1, skipUntil);
        });
    }

    private StepSpec step(int index) {
        if (index < 0 || index >= steps.size()) {
            throw new JobFailure(RESTARTED + ": the journal names step " + index + " of " + steps.size());
        }
        return steps.get(index);
    }

    /** One step's container; its item is the step to skip to (batches skip protocol), or null. */
    private Uni<String> run(int index, StepSpec spec) {
        job.journal().stepStarted(index, spec.stepKey());
        List<String> command = runtime.commandLine(spec);
        LogEntry entry = job.log().open(spec.stepKey(), command);
        LOG.debugf("job %d: running %s", spec.jobId(), String.join(" ", job.log().redactor().redact(command)));
        long start = System.nanoTime();
        return runtime.run(spec, job.metrics().output(entry::appendLine), job.cancellation(), job.journal()::containerCreated)
                .emitOn(job.work())
                .onItemOrFailure().invoke((result, failure) ->
                        job.metrics().stepEnded(start, result == null || result.exitCode() != 0))
                .onFailure(StepStartException.class).transform(e -> {
                    entry.appendLine(Pipe.STDERR, e.getMessage());
                    job.journal().stepFinished(index, 125, false, null);
                    job.log().close(entry, 125);
                    return new JobFailure(failure(spec) + e.getMessage());
                })
                .onFailure(StepCancelledException.class).transform(e -> stopped(spec, entry, (StepCancelledException) e))
                .map(result -> finish(index, spec, entry, result));
    }

    /** Closes the entry of a stopped step with what happened, so the log says why it has no natural end. */
    private JobFailure stopped(StepSpec spec, LogEntry entry, StepCancelledException e) {
        entry.appendLine(Pipe.STDERR, "step stopped: " + e.getMessage() + "; " + e.howStopped());
        job.log().close(entry, -1);
        return new JobFailure(failure(spec) + e.getMessage());
    }

    /** Records a step's end, closes its entry, and fails the job if the step failed. */
    private String finish(int index, StepSpec spec, LogEntry entry, StepResult result) {
        boolean ok = result.exitCode() == 0;
        String skipUntil = ok ? SkipProtocol.nextStepAfter(spec.stepKey(), workspace.root()) : null;
        job.journal().stepFinished(index, result.exitCode(), result.oomKilled(), skipUntil);
        job.log().close(entry, result.exitCode());
        checkResult(spec, result);
        return skipUntil;
    }

    private void checkResult(StepSpec spec, StepResult result) {
        // A process killed for memory inside a step that still exits 0 (the script handled it) is no failure.
        if (result.oomKilled() && result.exitCode() != 0) {
            throw new JobFailure(failure(spec) + "step ran out of memory (limit " + spec.resources().memoryText() + ")");
        }
        if (result.exitCode() != 0) {
            throw new JobFailure(failure(spec) + "command failed with exit code " + result.exitCode());
        }
    }
}
