package dev.executor.recovery;

import dev.executor.queue.FinalCall;
import dev.executor.queue.FrontendException;
import dev.executor.queue.HeartbeatResponse;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClient;
import dev.executor.queue.Telemetry;
import dev.executor.runtime.ContainerLabels;
import dev.executor.runtime.ManagedResource;
import dev.executor.runtime.Runtime;
import dev.executor.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What a starting executor does, before it dequeues anything, with the jobs an earlier process of it left in the
 * journal. One heartbeat naming them asks the frontend which it still considers ours (same executor name, still
 * processing). Those are handed back to be finished ({@code JobRunner.resume}: reattach, continue, or finalise).
 * The others are gone (reset, re-queued, finished by someone): their containers are stopped and removed, their
 * workspace and journal deleted; there is no one left to tell.
 */
public final class Recovery {

    private static final Logger LOG = Logger.getLogger(Recovery.class);
    /** How long to keep asking a flaky frontend which journaled jobs are still ours. */
    static final Duration ASK_TIMEOUT = Duration.ofMinutes(1);

    private final JobJournals journals;
    private final Runtime runtime;
    private final QueueClient client;
    private final boolean keepWorkspaces;

    public Recovery(JobJournals journals, Runtime runtime, QueueClient client, boolean keepWorkspaces) {
        this.journals = journals;
        this.runtime = runtime;
        this.client = client;
        this.keepWorkspaces = keepWorkspaces;
    }

    /** Cleans up after the journaled jobs the frontend forgot; returns the ones to finish (now adopted). */
    public List<JobJournal> recover() {
        List<JobJournals.Leftover> leftovers = journals.leftovers();
        if (leftovers.isEmpty()) {
            return List.of();
        }
        LOG.infof("Found %d job(s) journaled by an earlier run of this executor", leftovers.size());
        List<JobRef> ours = new ArrayList<>();
        for (JobJournals.Leftover l : leftovers) {
            // Only jobs of this name and of a queue still configured: the frontend cannot be asked about others
            // (a multi-queue heartbeat naming another queue is refused), and they are no longer ours to run.
            if (l.journal() != null && journals.executorName().equals(l.journal().state().executorName)
                    && client.queueNames().contains(l.journal().ref().queue())) {
                ours.add(l.journal().ref());
            }
        }
        Set<String> known = knownToFrontend(ours);
        List<JobJournal> resume = new ArrayList<>();
        for (JobJournals.Leftover l : leftovers) {
            JobJournal j = l.journal();
            if (j != null && ours.contains(j.ref()) && known.contains(j.ref().uid(client.multiQueue()))) {
                LOG.infof("Resuming job %d of queue %s (phase %s)", j.ref().id(), j.ref().queue(), j.state().phase);
                journals.adopt(j);
                resume.add(j);
            } else {
                LOG.infof("Job in %s is no longer ours on the frontend%s: removing what is left of it", l.dir(),
                        l.problem() == null ? "" : " (journal unreadable: " + l.problem() + ")");
                cleanUp(l);
            }
        }
        return resume;
    }

    /** The UIDs the frontend still knows under our name; empty when it cannot be asked (they then get reset). */
    private Set<String> knownToFrontend(List<JobRef> refs) {
        if (refs.isEmpty()) {
            return Set.of();
        }
        try {
            HeartbeatResponse r = FinalCall.untilDeadline("asking the frontend about journaled jobs",
                    Instant.now().plus(ASK_TIMEOUT), client.heartbeat(refs, Telemetry.empty(), ""))
                    .await().indefinitely(); // on the lease thread, before the first dequeue
            return new HashSet<>(r.knownIdsOrEmpty());
        } catch (FrontendException e) {
            LOG.errorf("Could not ask the frontend about %d journaled job(s); giving them up (the frontend re-queues "
                    + "them): %s", refs.size(), e.getMessage());
            return Set.of();
        }
    }

    /**
     * Removes the job's containers (found by our labels and by the journal), its network, its workspace and its
     * journal.
     * Returns false when something could not be removed (it stays an orphan for the next janitor run).
     */
    boolean cleanUp(JobJournals.Leftover leftover) {
        boolean clean = true;
        JobKey key = JobKey.of(leftover);
        Set<String> containers = new HashSet<>();
        List<String> names = new ArrayList<>(List.of(journals.executorName()));
        if (leftover.journal() != null) {
            JournalState s = leftover.journal().state();
            if (s.executorName != null) {
                names.add(s.executorName);
            }
        }
        try {
            for (ManagedResource c : runtime.managedContainers()) {
                if (key != null && belongsTo(c, key, names)) {
                    containers.add(c.id());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("listing containers of %s failed: %s", leftover.dir(), e.getMessage());
            clean = false;
        }
        if (leftover.journal() != null) {
            containers.addAll(leftover.journal().state().containers);
        }
        for (String id : containers) {
            try {
                runtime.removeContainer(id);
                LOG.infof("Removed container %s left by job %s", id, key);
            } catch (RuntimeException e) {
                LOG.warnf("removing container %s left by job %s failed: %s", id, key, e.getMessage());
                clean = false;
            }
        }
        try {
            for (ManagedResource n : runtime.managedNetworks()) {
                if (key != null && belongsTo(n, key, names)) {
                    runtime.removeNetwork(n.id());
                    LOG.infof("Removed network %s left by job %s", n.id(), key);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("removing the networks left by job %s failed: %s", key, e.getMessage());
            clean = false;
        }
        if (leftover.journal() != null && leftover.journal().state().workspace != null && !keepWorkspaces) {
            Path ws = Path.of(leftover.journal().state().workspace);
            try {
                Workspace.existing(ws).delete();
            } catch (IOException e) {
                LOG.warnf("removing workspace %s failed: %s", ws, e.getMessage());
                clean = false;
            }
        }
        if (clean) {
            try {
                FileTrees.delete(leftover.dir());
            } catch (IOException e) {
                LOG.warnf("removing journal %s failed: %s", leftover.dir(), e.getMessage());
                clean = false;
            }
        }
        return clean;
    }

    private static boolean belongsTo(ManagedResource r, JobKey key, List<String> executorNames) {
        return Long.toString(key.id()).equals(r.label(ContainerLabels.JOB_ID))
                && key.queue().equals(r.label(ContainerLabels.QUEUE)) && executorNames.contains(r.executorName());
    }

    /** A job's id and queue, from its journal or else from its directory name {@code <queue>-<id>}. */
    record JobKey(long id, String queue) {
        static JobKey of(JobJournals.Leftover l) {
            if (l.journal() != null) {
                return new JobKey(l.journal().ref().id(), l.journal().ref().queue());
            }
            String name = l.dir().getFileName().toString();
            int dash = name.lastIndexOf('-');
            try {
                return dash <= 0 ? null : new JobKey(Long.parseLong(name.substring(dash + 1)), name.substring(0, dash));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return id + " of queue " + queue;
        }
    }
}
