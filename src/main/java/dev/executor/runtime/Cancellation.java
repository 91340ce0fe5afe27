package dev.executor.runtime;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A job's (or a bounded command's) cancellation: set once, with a {@link Reason}; the first reason wins. It is the
 * handle the worker keeps for a running job (the heartbeat cancels with {@link Reason#CANCELED} or
 * {@link Reason#UNKNOWN_TO_FRONTEND}, drain with {@link Reason#SHUTDOWN}), the deadline's target
 * ({@link #cancelAfter}), and what a running step listens to: {@link #cancelled()} as a Mutiny signal, or
 * {@link #onCancel} for code that stops something blocking (close a download, kill a process tree).
 */
public final class Cancellation {

    /**
     * Why it was cancelled; with the job's error it decides how the job is reported (spec §4.8, {@code
     * job.Outcomes}): a user cancel is {@code markFailed}; an unknown job and the deadline are {@code markErrored}
     * (the former expects a 404); a shutdown leaves the job unmarked so the frontend re-queues it.
     * {@link #TIMED_OUT} bounds a host command outside any job (version checks).
     */
    public enum Reason {
        CANCELED("job was canceled"),
        UNKNOWN_TO_FRONTEND("job is no longer known to the frontend"),
        DEADLINE("job exceeded its maximum execution time"),
        SHUTDOWN("executor is shutting down"),
        TIMED_OUT("timed out");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private volatile Reason reason;
    private Instant finalizeDeadline;

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null. */
    public Reason reason() {
        return reason;
    }

    /** The reason's text for messages and logs ({@code job was canceled}), or null. */
    public String reasonText() {
        Reason r = reason;
        return r == null ? null : r.text();
    }

    /** Cancels once; later calls keep the first reason. Runs the registered callbacks on the calling thread. */
    public void cancel(Reason why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        callbacks.forEach(Cancellation::runQuietly);
    }

    /** Registers a callback; it runs at once if already cancelled. Returns a handle that unregisters it. */
    public AutoCloseable onCancel(Runnable callback) {
        callbacks.add(callback);
        if (isCancelled()) {
            runQuietly(callback);
        }
        return () -> callbacks.remove(callback);
    }

    /**
     * Emits the reason once cancelled (at once if already). Cancelling the subscription unregisters it, so a
     * step subscribes for as long as it runs and drops the listener when it ends.
     */
    public Uni<Reason> cancelled() {
        return Uni.createFrom().emitter(emitter -> {
            AutoCloseable registration = onCancel(() -> emitter.complete(reason));
            emitter.onTermination(() -> closeQuietly(registration));
        });
    }

    /**
     * Cancels with {@code why} at {@code when} (a job's deadline), through a Mutiny timer; the returned handle
     * disarms it (the job ended first). A moment already past cancels at once.
     */
    public Cancellable cancelAt(Instant when, Reason why) {
        Duration delay = Duration.between(Instant.now(), when);
        if (delay.isNegative() || delay.isZero()) {
            cancel(why);
            return () -> { };
        }
        return Uni.createFrom().item(why).onItem().delayIt().by(delay).subscribe().with(this::cancel);
    }

    /**
     * The job's finalize deadline: fixed by the first call, when finalizing starts (the last log updates), and
     * shared by the status call that follows, so {@code timeout} bounds the whole of finalizing.
     */
    public synchronized Instant finalizeDeadline(Duration timeout) {
        if (finalizeDeadline == null) {
            finalizeDeadline = Instant.now().plus(timeout);
        }
        return finalizeDeadline;
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // a failing stop must not prevent the others from running
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // removing a callback from a list does not fail
        }
    }
}
