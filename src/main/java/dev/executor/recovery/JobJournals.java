package dev.executor.recovery;

import dev.executor.model.Job;
import dev.executor.model.JobRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The journals of this process's jobs in flight, and the ones an earlier process left on disk. Starting, finishing
 * and listing leftovers are serialised, so the janitor never mistakes a journal being created for a leftover.
 */
public final class JobJournals {

    private static final Logger LOG = Logger.getLogger(JobJournals.class);

    private final StateDir stateDir;
    private final String executorName;
    private final Map<String, JobJournal> active = new ConcurrentHashMap<>();

    public JobJournals(StateDir stateDir, String executorName) {
        this.stateDir = stateDir;
        this.executorName = executorName;
    }

    public String executorName() {
        return executorName;
    }

    /** Starts the journal of a job this process just leased. */
    public synchronized JobJournal begin(Job job, JobRef ref, Instant startedAt, Instant expiresAt) {
        JobJournal journal = JobJournal.begin(stateDir.jobsDir(), job, ref, executorName, startedAt, expiresAt);
        active.put(key(ref), journal);
        return journal;
    }

    /** Takes over a journal of an earlier process, for a job this process now finishes. */
    public synchronized void adopt(JobJournal journal) {
        active.put(key(journal.ref()), journal);
    }

    public Optional<JobJournal> find(JobRef ref) {
        return Optional.ofNullable(active.get(key(ref)));
    }

    /** The job is settled: its journal goes. */
    public synchronized void finish(JobRef ref) {
        JobJournal journal = active.remove(key(ref));
        if (journal != null) {
            journal.delete();
        }
    }

    /**
     * {@code <id>-<queue>} of every job this process has a journal for: running ones, and recovered ones adopted before
     * the lease pipeline has started them (the janitor must spare their containers and networks meanwhile).
     */
    public synchronized java.util.Set<String> activeJobKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        active.values().forEach(j -> keys.add(j.ref().id() + "-" + j.ref().queue()));
        return keys;
    }

    /** Whether this process is working on the job of that journal directory. */
    public boolean isActive(Path jobDir) {
        return active.values().stream().anyMatch(j -> j.dir().equals(jobDir));
    }

    /** Every job directory on disk. */
    public List<Path> directories() {
        try (Stream<Path> dirs = Files.list(stateDir.jobsDir())) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            LOG.errorf("listing %s failed: %s", stateDir.jobsDir(), e.getMessage());
            return List.of();
        }
    }

    /** Journals on disk that no job of this process owns: left by an earlier process (or not cleaned up). */
    public synchronized List<Leftover> leftovers() {
        List<Leftover> out = new ArrayList<>();
        for (Path dir : directories()) {
            if (isActive(dir)) {
                continue;
            }
            try {
                out.add(new Leftover(dir, JobJournal.load(dir), null));
            } catch (IOException | RuntimeException e) {
                out.add(new Leftover(dir, null, e.getMessage()));
            }
        }
        return out;
    }

    /** A job directory nobody works on; {@code journal} is null when it could not be read ({@code problem}). */
    public record Leftover(Path dir, JobJournal journal, String problem) {
    }

    private static String key(JobRef ref) {
        return JobJournal.dirName(ref.queue(), ref.id());
    }
}
