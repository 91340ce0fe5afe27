package dev.executor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a number of one-container baseline jobs ({@link BareDockerLoops}) {@code width} at a time, as a bare loop with
 * {@code width} workers would: each worker takes the next job as soon as its last one is done. The time is from
 * the first job's start to the last one's end.
 */
final class WideLoop {

    private WideLoop() {
    }

    /** Seconds to run {@code jobs} calls of {@code job}, {@code width} at a time. */
    static double seconds(int width, int jobs, Runnable job) {
        ExecutorService workers = Executors.newFixedThreadPool(width);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                done.add(workers.submit(job));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a baseline job failed: " + e.getCause(), e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }
}
