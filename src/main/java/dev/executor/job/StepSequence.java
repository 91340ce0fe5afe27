package dev.executor.job;

import dev.executor.logs.JobLog;
import dev.executor.logs.LogEntry;
import dev.executor.logs.Pipe;
import dev.executor.recovery.JobJournal;
import dev.executor.runtime.ResumePoint;
import dev.executor.runtime.Runtime;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepLostException;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import dev.executor.workspace.Workspace;
import java.util.List;

/**
 * Runs a job's planned steps in order from a given one, honouring the batches skip protocol; the first failure
 * ends the job. Every step start, container and end is journaled, so a restarted executor can pick the job up
 * where it was: {@link #resume} reattaches to a step's container, {@link #afterRecordedStep} continues after a
 * step that had ended.
 */
final class StepSequence {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(StepSequence.class);

    /** The start of the error of a job the executor could not carry on after a restart. */
    static final String RESTARTED = "executor restarted during the job";

    private final Runtime runtime;
    private final Workspace workspace;
    private final List<StepSpec> steps;
    private final JobLog log;
    private final JobControl control;
    private final JobJournal journal;
    private final boolean legacyPath;
    private final StepMetrics metrics;

    /** @param legacyPath the job also has CLI steps: Sourcegraph's older handler words step failures differently */
    StepSequence(Runtime runtime, Workspace workspace, List<StepSpec> steps, JobLog log, JobControl control,
            JobJournal journal, boolean legacyPath, StepMetrics metrics) {
        this.runtime = runtime;
        this.workspace = workspace;
        this.steps = steps;
        this.log = log;
        this.control = control;
        this.journal = journal;
        this.legacyPath = legacyPath;
        this.metrics = metrics;
    }

    /** How a step's failure message starts (spec §4.8). */
    private String failure(StepSpec spec) {
        return legacyPath ? "failed to perform docker step: " : "running command \"" + spec.stepKey() + "\": ";
    }

    /** Runs steps {@code from}.. on, skipping until the step logged as {@code skipUntil} when it is set. */
    void runFrom(int from, String skipUntil) {
        for (int i = from; i < steps.size(); i++) {
            StepSpec spec = steps.get(i);
            if (skipUntil != null && !skipUntil.equals(spec.stepKey())) {
                continue;
            }
            skipUntil = null;
            checkCancelled();
            skipUntil = run(i, spec);
        }
    }

    /** Reattaches to step {@code index}, which was running when the executor stopped, then runs the rest. */
    void resume(int index) {
        StepSpec spec = step(index);
        LogEntry entry = log.running(spec.stepKey());
        if (entry == null) {
            entry = log.open(spec.stepKey(), runtime.commandLine(spec));
        }
        ResumePoint from = new ResumePoint(entry.lines(Pipe.STDOUT), entry.lines(Pipe.STDERR));
        StepResult result;
        try {
            result = runtime.resume(spec, entry::appendLine, control.cancellation(), from);
        } catch (StepLostException e) {
            entry.appendLine(Pipe.STDERR, RESTARTED + ": " + e.getMessage());
            log.close(entry, -1);
            throw new JobFailure(RESTARTED + ": " + e.getMessage());
        } catch (StepCancelledException e) {
            // Close the entry with what happened, so the log says why the step has no natural end.
            entry.appendLine(Pipe.STDERR, "step stopped: " + e.getMessage() + "; " + e.howStopped());
            log.close(entry, -1);
            throw new JobFailure(failure(spec) + e.getMessage());
        }
        runFrom(index + 1, finish(index, spec, entry, result));
    }

    /** Continues after step {@code index}, which had ended with the recorded result before the restart. */
    void afterRecordedStep(int index, int exitCode, boolean oomKilled, String skipUntil) {
        StepSpec spec = step(index);
        checkResult(spec, new StepResult(exitCode, oomKilled));
        runFrom(index + 1, skipUntil);
    }

    private StepSpec step(int index) {
        if (index < 0 || index >= steps.size()) {
            throw new JobFailure(RESTARTED + ": the journal names step " + index + " of " + steps.size());
        }
        return steps.get(index);
    }

    /** Runs one step; returns the step to skip to (batches skip protocol), or null. */
    private String run(int index, StepSpec spec) {
        journal.stepStarted(index, spec.stepKey());
        List<String> command = runtime.commandLine(spec);
        LogEntry entry = log.open(spec.stepKey(), command);
        LOG.debugf("job %d: running %s", spec.jobId(), String.join(" ", log.redactor().redact(command)));
        StepResult result = null;
        long start = System.nanoTime();
        try {
            result = runtime.run(spec, metrics.output(entry::appendLine), control.cancellation(),
                    journal::containerCreated);
        } catch (StepStartException e) {
            entry.appendLine(Pipe.STDERR, e.getMessage());
            journal.stepFinished(index, 125, false, null);
            log.close(entry, 125);
            throw new JobFailure(failure(spec) + e.getMessage());
        } catch (StepCancelledException e) {
            // Close the entry with what happened, so the log says why the step has no natural end.
            entry.appendLine(Pipe.STDERR, "step stopped: " + e.getMessage() + "; " + e.howStopped());
            log.close(entry, -1);
            throw new JobFailure(failure(spec) + e.getMessage());
        } finally {
            metrics.stepEnded(start, result == null || result.exitCode() != 0);
        }
        return finish(index, spec, entry, result);
    }

    /** Records a step's end, closes its entry, and fails the job if the step failed. */
    private String finish(int index, StepSpec spec, LogEntry entry, StepResult result) {
        boolean ok = result.exitCode() == 0;
        String skipUntil = ok ? SkipProtocol.nextStepAfter(spec.stepKey(), workspace.root()) : null;
        journal.stepFinished(index, result.exitCode(), result.oomKilled(), skipUntil);
        log.close(entry, result.exitCode());
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

    private void checkCancelled() {
        if (control.reason() != null) {
            throw new JobFailure(control.reason().text());
        }
    }
}
