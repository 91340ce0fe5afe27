package dev.executor.recovery;

import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.observe.metrics.ExecutorMetrics.OrphanKind;
import dev.executor.runtime.ContainerLabels;
import dev.executor.runtime.ManagedResource;
import dev.executor.runtime.Runtime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Removes what no job owns, at start and every {@code EXECUTOR_CLEANUP_TASK_INTERVAL}: containers and job networks
 * labelled with our executor name whose job is not running here, those of any executor past their expiry label
 * (job start + maximum runtime) by more than a grace period, and journals (with their workspaces, containers and
 * networks) of jobs that are no longer running. Unlabelled containers and those of other, live executors are never
 * touched. While something could not be removed, {@link #orphansRemain()} holds dequeuing back.
 */
public final class Janitor {

    private static final Logger LOG = Logger.getLogger(Janitor.class);

    private final Runtime runtime;
    private final JobJournals journals;
    private final Recovery recovery;
    private final String executorName;
    private final Supplier<Set<String>> runningJobKeys;
    private final Duration expiryGrace;
    private final ExecutorMetrics metrics;
    private volatile boolean orphansRemain;

    /**
     * @param runningJobKeys {@code <id>-<queue>} of the jobs running in this process
     * @param expiryGrace    how long past its expiry a container is left to its owner's own deadline handling
     */
    public Janitor(Runtime runtime, JobJournals journals, Recovery recovery, String executorName,
            Supplier<Set<String>> runningJobKeys, Duration expiryGrace, ExecutorMetrics metrics) {
        this.runtime = runtime;
        this.journals = journals;
        this.recovery = recovery;
        this.executorName = executorName;
        this.runningJobKeys = runningJobKeys;
        this.expiryGrace = expiryGrace;
        this.metrics = metrics;
    }

    public boolean orphansRemain() {
        return orphansRemain;
    }

    public synchronized void run() {
        int left;
        try {
            // Containers first: a network cannot go while a container is still attached to it.
            left = sweep(OrphanKind.CONTAINER, runtime.managedContainers(), runtime::removeContainer)
                    + sweep(OrphanKind.NETWORK, runtime.managedNetworks(), runtime::removeNetwork);
        } catch (RuntimeException e) {
            LOG.warnf("Janitor could not list containers or networks: %s", e.getMessage());
            return; // nothing learnt: keep the previous verdict
        }
        for (JobJournals.Leftover l : journals.leftovers()) {
            LOG.warnf("Janitor removing the leftovers of the job journaled in %s", l.dir());
            if (recovery.cleanUp(l)) {
                metrics.orphansRemoved(OrphanKind.JOB, 1);
            } else {
                left++;
            }
        }
        boolean was = orphansRemain;
        orphansRemain = left > 0;
        if (orphansRemain && !was) {
            LOG.warnf("%d orphan(s) could not be removed: dequeuing pauses until they are gone", left);
        } else if (!orphansRemain && was) {
            LOG.info("Orphans are gone: dequeuing resumes");
        }
    }

    /** Removes what is to go among {@code listed}; returns how many could not be removed. */
    private int sweep(OrphanKind orphanKind, List<ManagedResource> listed, Consumer<String> remove) {
        String kind = orphanKind.name().toLowerCase(Locale.ROOT);
        // Read after listing: a job started since owns nothing listed. Recovered jobs count from their adoption on,
        // before the lease pipeline has a slot for them and they join the running set.
        Set<String> running = new java.util.HashSet<>(runningJobKeys.get());
        running.addAll(journals.activeJobKeys());
        Instant now = Instant.now();
        int left = 0;
        for (ManagedResource r : listed) {
            String why = reason(r, running, now);
            if (why == null) {
                continue;
            }
            try {
                remove.accept(r.id());
                metrics.orphansRemoved(orphanKind, 1);
                LOG.warnf("Janitor removed %s %s (job %s, executor %s): %s", kind, r.id(), r.jobKey(), r.executorName(),
                        why);
            } catch (RuntimeException e) {
                LOG.warnf("Janitor could not remove %s %s: %s", kind, r.id(), e.getMessage());
                left++;
            }
        }
        return left;
    }

    /** Why the container or network is to be removed, or null to leave it. */
    private String reason(ManagedResource c, Set<String> running, Instant now) {
        Instant expires = ContainerLabels.expiresAt(c.labels());
        if (expires != null && now.isAfter(expires.plus(expiryGrace))) {
            return "expired at " + expires;
        }
        if (executorName.equals(c.executorName()) && !running.contains(c.jobKey())) {
            return "its job is not running here";
        }
        return null;
    }
}
