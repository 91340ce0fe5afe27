package dev.executor.queue;

import dev.executor.model.JobRef;

import dev.executor.model.Job;

/**
 * The outcome of one dequeue: nothing to do, a job, or a payload we could not decode. A malformed
 * payload still carries whatever identified the job, so the caller can report it instead of leaving a
 * leased job to time out.
 */
public sealed interface DequeueResult {

    record Empty() implements DequeueResult {
    }

    record Dequeued(Job job, JobRef ref) implements DequeueResult {
    }

    /** {@code ref} is null when not even the id could be read. */
    record Malformed(JobRef ref, String error) implements DequeueResult {
    }
}
