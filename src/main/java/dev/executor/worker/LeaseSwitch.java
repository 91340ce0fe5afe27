package dev.executor.worker;

import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;

/**
 * Which of the worker's schedules may act: none until {@link Worker#start()} (so {@code run-job} and a Quarkus
 * started for other reasons never lease), polls from the first dequeue, heartbeats and the janitor once journaled
 * jobs are recovered, nothing after {@link Worker#stop()}. The skip predicates read it without creating the worker.
 */
@Singleton
public class LeaseSwitch {

    private volatile boolean polling;
    private volatile boolean beating;
    private volatile boolean sweeping;

    void polling(boolean on) {
        polling = on;
    }

    void beating(boolean on) {
        beating = on;
    }

    void sweeping(boolean on) {
        sweeping = on;
    }

    /** Skips poll ticks until the lease pipeline runs. */
    @Singleton
    public static class NotPolling implements Scheduled.SkipPredicate {
        private final LeaseSwitch on;

        public NotPolling(LeaseSwitch on) {
            this.on = on;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !on.polling;
        }
    }

    /** Skips heartbeat ticks until the startup ping was accepted and journaled jobs were recovered. */
    @Singleton
    public static class NotBeating implements Scheduled.SkipPredicate {
        private final LeaseSwitch on;

        public NotBeating(LeaseSwitch on) {
            this.on = on;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !on.beating;
        }
    }

    /** Skips janitor ticks until the janitor's first run after recovery. */
    @Singleton
    public static class NotSweeping implements Scheduled.SkipPredicate {
        private final LeaseSwitch on;

        public NotSweeping(LeaseSwitch on) {
            this.on = on;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !on.sweeping;
        }
    }
}
