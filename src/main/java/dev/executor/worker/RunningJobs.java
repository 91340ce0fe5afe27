package dev.executor.worker;

import dev.executor.runtime.Cancellation;
import dev.executor.model.JobRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running set, keyed by the record UID of spec §1.5 ({@code <id>} or {@code <id>-<queue>}). The
 * heartbeat reports it and cancels through it; a job stays here until its outcome has been reported,
 * so the frontend keeps seeing heartbeats while we finalize.
 */
public final class RunningJobs {

    /** One entry: the job's address and its cancel handle. */
    public record Running(JobRef ref, Cancellation control) {
    }

    private final Map<String, Running> byUid = new ConcurrentHashMap<>();
    private final boolean multiQueue;
    private volatile Cancellation.Reason closedWith;

    public RunningJobs(boolean multiQueue) {
        this.multiQueue = multiQueue;
    }

    /**
     * Returns false when the UID is already running (spec §4.2: "job already exists"). After
     * {@link #closeWith} a job still joins (it was dequeued, so it must be dealt with) but is cancelled at
     * once, so a dequeue that was in flight when the executor stopped cannot start a container we abandon.
     */
    public boolean add(JobRef ref, Cancellation control) {
        boolean added = byUid.putIfAbsent(ref.uid(multiQueue), new Running(ref, control)) == null;
        Cancellation.Reason closed = closedWith;
        if (added && closed != null) {
            control.cancel(closed);
        }
        return added;
    }

    public void remove(JobRef ref) {
        byUid.remove(ref.uid(multiQueue));
    }

    public List<JobRef> refs() {
        return byUid.values().stream().map(Running::ref).toList();
    }

    /** {@code <id>-<queue>} of every running job: what the janitor must leave alone. */
    public java.util.Set<String> keys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        byUid.values().forEach(r -> keys.add(r.ref().id() + "-" + r.ref().queue()));
        return keys;
    }

    public Running get(String uid) {
        return byUid.get(uid);
    }

    public Map<String, Running> snapshot() {
        return Map.copyOf(byUid);
    }

    public int size() {
        return byUid.size();
    }

    /** Cancels every running job, and every job that joins from now on, with {@code reason}. */
    public void closeWith(Cancellation.Reason reason) {
        closedWith = reason;
        byUid.values().forEach(r -> r.control().cancel(reason));
    }
}
