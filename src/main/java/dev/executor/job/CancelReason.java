package dev.executor.job;

/**
 * Why a running job was stopped; with the job's error it decides how the job is reported (spec §4.8,
 * {@link Outcomes}): a user cancel is {@code markFailed}; an unknown job and the deadline are
 * {@code markErrored} (the former expects a 404); a shutdown leaves the job unmarked so the frontend
 * re-queues it.
 */
public enum CancelReason {
    CANCELED("job was canceled"),
    UNKNOWN_TO_FRONTEND("job is no longer known to the frontend"),
    DEADLINE("job exceeded its maximum execution time"),
    SHUTDOWN("executor is shutting down");

    private final String text;

    CancelReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
