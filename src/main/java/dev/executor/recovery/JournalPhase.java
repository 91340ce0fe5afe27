package dev.executor.recovery;

/** How far a job got, as recorded at each phase change. */
public enum JournalPhase {
    /** Leased; workspace being created, repository cloned, files written. Not resumable. */
    PREPARING,
    /** A step's container is being created or runs ({@code stepIndex}, its container ids). */
    STEP_RUNNING,
    /** The step at {@code stepIndex} ended with {@code stepExitCode}; its container is gone. */
    STEP_DONE,
    /** The docker steps are done and the src-cli steps run on the host. Not resumable. */
    CLI_STEPS,
    /** The steps are over ({@code error} says how); the workspace is being removed and the logs flushed. */
    TEARDOWN,
    /** The outcome is decided ({@code outcome}); only the final log updates and the status call remain. */
    FINALIZING
}
