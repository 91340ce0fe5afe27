package dev.executor.job;

import dev.executor.runtime.Cancellation;

/** The handle the worker keeps for a running job: cancel it with a reason, and read the reason back. */
public final class JobControl {

    private final Cancellation cancellation = new Cancellation();
    private volatile CancelReason reason;

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
}
