package dev.executor.worker;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounded concurrency as a named object ({@code EXECUTOR_MAXIMUM_NUM_JOBS} slots): the poller takes a
 * slot before it dequeues and the job gives it back when it has been reported.
 */
public final class SlotSupplier {

    private final int size;
    private final Semaphore slots;

    public SlotSupplier(int size) {
        this.size = size;
        this.slots = new Semaphore(size, true);
    }

    /** Waits up to the timeout for a slot. */
    public boolean acquire(long timeout, TimeUnit unit) throws InterruptedException {
        return slots.tryAcquire(timeout, unit);
    }

    public void release() {
        slots.release();
    }

    public int inUse() {
        return size - slots.availablePermits();
    }

    public int size() {
        return size;
    }
}
