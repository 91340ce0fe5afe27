package dev.executor.job;

import dev.executor.config.GoDuration;
import dev.executor.logs.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a job's end becomes its outcome (spec §4.8, issue rules), and how an outcome is written into the journal's
 * two strings and read back after a restart.
 */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * A user cancel is failed; the deadline and a job the frontend forgot are errored; a shutdown leaves the job
     * unmarked for the frontend to re-queue; otherwise the job's error and the log's errors, or complete.
     */
    static JobOutcome decide(Redactor redactor, String error, List<String> logErrors, CancelReason reason,
            Duration maximumRuntime) {
        if (reason == CancelReason.SHUTDOWN) {
            return new JobOutcome.Abandoned(reason.text());
        }
        if (reason == CancelReason.CANCELED) {
            return new JobOutcome.Failed(redactor.redact(error == null ? reason.text() : error));
        }
        if (reason == CancelReason.DEADLINE) {
            return new JobOutcome.Errored("job exceeded maximum execution time of " + GoDuration.format(maximumRuntime)
                    + ": context deadline exceeded");
        }
        if (reason == CancelReason.UNKNOWN_TO_FRONTEND) {
            return new JobOutcome.Errored(reason.text());
        }
        List<String> all = new ArrayList<>();
        if (error != null) {
            all.add(error);
        }
        all.addAll(logErrors);
        if (all.isEmpty()) {
            return new JobOutcome.Completed();
        }
        return new JobOutcome.Errored(redactor.redact(String.join("; ", all)));
    }

    /** The outcome an earlier process recorded; errored instead of complete when the last log updates failed now. */
    static JobOutcome recorded(String kind, String message, List<String> logErrors) {
        JobOutcome outcome = of(kind, message);
        if (outcome instanceof JobOutcome.Completed && !logErrors.isEmpty()) {
            return new JobOutcome.Errored(String.join("; ", logErrors));
        }
        return outcome;
    }

    static String kind(JobOutcome outcome) {
        if (outcome instanceof JobOutcome.Completed) {
            return "COMPLETED";
        } else if (outcome instanceof JobOutcome.Errored) {
            return "ERRORED";
        } else if (outcome instanceof JobOutcome.Failed) {
            return "FAILED";
        }
        return "ABANDONED";
    }

    static String message(JobOutcome outcome) {
        if (outcome instanceof JobOutcome.Errored e) {
            return e.message();
        } else if (outcome instanceof JobOutcome.Failed f) {
            return f.message();
        } else if (outcome instanceof JobOutcome.Abandoned a) {
            return a.why();
        }
        return null;
    }

    static JobOutcome of(String kind, String message) {
        String m = message == null ? "" : message;
        return switch (kind == null ? "" : kind) {
            case "COMPLETED" -> new JobOutcome.Completed();
            case "FAILED" -> new JobOutcome.Failed(m);
            case "ABANDONED" -> new JobOutcome.Abandoned(m);
            case "ERRORED" -> new JobOutcome.Errored(m);
            default -> new JobOutcome.Errored(StepSequence.RESTARTED + " (unreadable recorded outcome \"" + kind + "\")");
        };
    }
}
