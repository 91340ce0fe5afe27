package dev.executor.model;

/**
 * What the job routes need to address one job: its id, the queue segment of the path ({@code job.queue}
 * when set, else the configured single queue), and its token (empty on old frontends).
 */
public record JobRef(long id, String queue, String token) {

    /** The running-set id of spec §1.5: {@code <id>} in single-queue mode, {@code <id>-<queue>} in multi. */
    public String uid(boolean multiQueue) {
        return multiQueue ? id + "-" + queue : Long.toString(id);
    }

    @Override
    public String toString() {
        return "JobRef[id=" + id + ", queue=" + queue + "]"; // never the token
    }
}
