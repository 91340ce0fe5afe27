package dev.executor.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only way the job side makes threads: pools with a fixed most-threads bound and numbered names
 * ({@code docker-call-3}), daemon threads that never keep the process alive, idle ones let go after a minute.
 * Work beyond the bound waits in the pool's queue instead of starting another thread. docs/architecture.md lists
 * every pool and its bound.
 */
public final class BoundedExecutors {

    private BoundedExecutors() {
    }

    /** At most {@code threads} threads named {@code name-N}; extra tasks queue. */
    public static ExecutorService fixed(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * At most {@code threads} threads named {@code name-N} and no queue: a task beyond the bound is refused
     * ({@link java.util.concurrent.RejectedExecutionException}). For work that must start at once or not at all
     * (a pipe reader that waits in a queue would let its process block on a full pipe).
     */
    public static ExecutorService direct(String name, int threads) {
        return new ThreadPoolExecutor(0, threads, 60, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
                named(name));
    }

    /** A timer pool of exactly {@code threads} threads named {@code name-N}. */
    public static ScheduledExecutorService scheduled(String name, int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, named(name));
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, ... */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
