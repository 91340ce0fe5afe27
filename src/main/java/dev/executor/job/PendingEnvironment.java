package dev.executor.job;

import dev.executor.observe.logging.JobMdc;
import dev.executor.runtime.JobEnvironment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A job's environment (its private network) made while the workspace is being prepared, and removed while the
 * workspace is being torn down. Docker takes about 130 ms to create a network and 250 ms to remove one; overlapped
 * with a clone or a workspace deletion, that costs the job next to nothing. {@link #close} waits for the removal, so
 * the job is still reported only once everything it made is gone.
 */
final class PendingEnvironment implements AutoCloseable {

    private final CompletableFuture<JobEnvironment> made;
    private final Executor executor;
    private CompletableFuture<Void> removed;

    private PendingEnvironment(CompletableFuture<JobEnvironment> made, Executor executor) {
        this.made = made;
        this.executor = executor;
    }

    /** Starts making the environment on {@code executor}; its log lines keep the calling job's context. */
    static PendingEnvironment start(Supplier<JobEnvironment> make, Executor executor) {
        Executor inJobContext = task -> executor.execute(JobMdc.propagate(task));
        return new PendingEnvironment(CompletableFuture.supplyAsync(make, inJobContext), inJobContext);
    }

    /** The environment, once made; a failure to make it (a {@link JobFailure}) is thrown here. */
    JobEnvironment get() {
        try {
            return made.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Starts removing the environment, after it is made; once only. */
    synchronized void removeInBackground() {
        if (removed == null) {
            removed = made.handle((environment, failure) -> environment)
                    .thenAcceptAsync(environment -> {
                        if (environment != null) {
                            environment.close();
                        }
                    }, executor);
        }
    }

    /** Removes the environment (unless already under way) and waits until it is gone. Never throws. */
    @Override
    public void close() {
        removeInBackground();
        removed.exceptionally(failure -> null).join();
    }
}
