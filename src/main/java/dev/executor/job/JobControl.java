package dev.executor.job;

import dev.executor.runtime.Cancellation;

/** The handle the worker keeps for a running job: cancel it with a reason, and read the reason back. */
public final class JobControl {

    private final Cancellation cancellation = new Cancellation();
    private volatile CancelReason reason;
    private java.time.Instant finalizeDeadline;

    public void cancel(CancelReason why) {
        synchronized (this) {
            if (reason == null) {
                reason = why;
            }
        }
        cancellation.cancel(why.text());
    }

    public CancelReason reason() {
        return reason;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /**
     * The job's finalize deadline: fixed by the first call, when finalizing starts (the last log updates), and
     * shared by the status call that follows, so {@code timeout} bounds the whole of finalizing.
     */
    public synchronized java.time.Instant finalizeDeadline(java.time.Duration timeout) {
        if (finalizeDeadline == null) {
            finalizeDeadline = java.time.Instant.now().plus(timeout);
        }
        return finalizeDeadline;
    }
}
