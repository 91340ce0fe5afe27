package dev.executor.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A job's cancellation signal: set once with a reason; whoever runs something stoppable registers a
 * callback (e.g. "stop this container") that runs at once if already cancelled.
 */
public final class Cancellation {

    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private volatile String reason;

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null. */
    public String reason() {
        return reason;
    }

    /** Cancels once; later calls keep the first reason. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        callbacks.forEach(Cancellation::runQuietly);
    }

    /** Registers a callback; returns a handle that unregisters it. */
    public AutoCloseable onCancel(Runnable callback) {
        callbacks.add(callback);
        if (isCancelled()) {
            runQuietly(callback);
        }
        return () -> callbacks.remove(callback);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // a failing stop must not prevent the others from running
        }
    }
}
