package dev.executor.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.runtime.JobEnvironment;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingEnvironmentTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A network stand-in that counts how often it is removed. */
    private static final class CountingEnvironment implements JobEnvironment {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public String network() {
            return "net-1";
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void madeInTheBackgroundWhileTheCallerGoesOn() throws Exception {
        CountDownLatch callerDone = new CountDownLatch(1);
        CountingEnvironment env = new CountingEnvironment();
        PendingEnvironment pending = PendingEnvironment.start(() -> {
            await(callerDone); // only completes once the caller went on, so it cannot have run inline
            return env;
        }, executor);
        callerDone.countDown();
        assertSame(env, pending.get());
        pending.close();
        assertEquals(1, env.closes.get());
    }

    @Test
    void removedOnceHoweverOftenRemovalIsAskedFor() {
        CountingEnvironment env = new CountingEnvironment();
        PendingEnvironment pending = PendingEnvironment.start(() -> env, executor);
        pending.get();
        pending.removeInBackground();
        pending.removeInBackground();
        pending.close();
        pending.close();
        assertEquals(1, env.closes.get());
    }

    @Test
    void closeWaitsUntilTheRemovalIsDone() {
        CountDownLatch removing = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        JobEnvironment slow = new JobEnvironment() {
            @Override
            public String network() {
                return "slow";
            }

            @Override
            public void close() {
                removing.countDown();
                sleep(300);
                finished.incrementAndGet();
            }
        };
        PendingEnvironment pending = PendingEnvironment.start(() -> slow, executor);
        pending.get();
        pending.removeInBackground();
        await(removing);
        pending.close();
        assertEquals(1, finished.get(), "close returned before the removal finished");
    }

    @Test
    void aFailureToMakeItIsThrownAsItWasAndCloseStillReturns() {
        PendingEnvironment pending = PendingEnvironment.start(() -> {
            throw new JobFailure("creating the job's network executor-batches-1-ab: no address pools");
        }, executor);
        JobFailure e = assertThrows(JobFailure.class, pending::get);
        assertEquals("creating the job's network executor-batches-1-ab: no address pools", e.getMessage());
        pending.close(); // nothing to remove, and no exception
    }

    @Test
    void closedWithoutEverBeingAskedForStillRemovesIt() {
        CountingEnvironment env = new CountingEnvironment();
        PendingEnvironment pending = PendingEnvironment.start(() -> env, executor);
        pending.close(); // e.g. the workspace preparation failed before the steps
        assertEquals(1, env.closes.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
