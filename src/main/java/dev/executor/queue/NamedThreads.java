package dev.executor.queue;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads the executor starts itself: always named (a thread dump or {@code top -H} says what each one is), always
 * daemons (none keeps the process alive past its exit), always in pools of a fixed size. docs/architecture.md lists
 * them.
 */
public final class NamedThreads {

    private NamedThreads() {
    }

    /** {@code name-1}, {@code name-2}, ...: daemon threads. */
    public static ThreadFactory factory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A scheduler of exactly {@code threads} daemon threads; cancelled tasks are dropped at once. */
    public static ScheduledExecutorService scheduler(String name, int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, factory(name));
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
