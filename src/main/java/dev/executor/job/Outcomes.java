package dev.executor.job;

import dev.executor.runtime.Cancellation;
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
     * What the frontend is told (spec §4.8), from the job's error and the cancel reason that was in force when
     * that error happened:
     * <ul>
     * <li>no error and a complete log: complete, even if a cancel arrived after the last step (the work is
     *     done; Sourcegraph decides on the error, not on the cancel);</li>
     * <li>stopped by a user cancel ({@code cancelIds}): failed (the frontend records it as canceled);</li>
     * <li>stopped by the deadline: errored, {@code job exceeded maximum execution time of <d>: context deadline
     *     exceeded};</li>
     * <li>stopped because the frontend no longer knows the job: errored with the job's error (a 404 is expected);</li>
     * <li>stopped by shutdown: no mark, so the frontend re-queues the job (a mark would fail it for good: the
     *     executor queues allow no retries);</li>
     * <li>any other error, or a log the frontend did not fully receive: errored.</li>
     * </ul>
     *
     * @param error       the job's error, or null when every step succeeded
     * @param logErrors   failures to deliver the log, which leave the frontend's copy incomplete
     * @param cancelledBy the cancel reason at the moment the error happened, or null
     */
    static JobOutcome decide(Redactor redactor, String error, List<String> logErrors, Cancellation.Reason cancelledBy,
            Duration maximumRuntime) {
        if (error == null && logErrors.isEmpty()) {
            return new JobOutcome.Completed();
        }
        if (error != null && cancelledBy != null) {
            switch (cancelledBy) {
                case SHUTDOWN:
                    return new JobOutcome.Abandoned(cancelledBy.text());
                case CANCELED:
                    return new JobOutcome.Failed(redactor.redact(error));
                case DEADLINE:
                    return new JobOutcome.Errored("job exceeded maximum execution time of "
                            + GoDuration.format(maximumRuntime) + ": context deadline exceeded");
                case UNKNOWN_TO_FRONTEND:
                    return new JobOutcome.Errored(redactor.redact(error));
                default:
                    break;
            }
        }
        List<String> all = new ArrayList<>();
        if (error != null) {
            all.add(error);
        }
        all.addAll(logErrors);
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
