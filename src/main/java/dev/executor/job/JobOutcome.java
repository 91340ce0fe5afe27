package dev.executor.job;

/** What to tell the frontend about a finished job. */
public sealed interface JobOutcome {

    record Completed() implements JobOutcome {
    }

    record Errored(String message) implements JobOutcome {
    }

    record Failed(String message) implements JobOutcome {
    }

    /** Say nothing: the frontend re-queues the job when its heartbeat stops (shutdown, lost ownership). */
    record Abandoned(String why) implements JobOutcome {
    }
}
