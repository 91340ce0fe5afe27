/**
 * The wire to the Sourcegraph frontend: the reactive {@code /.executors/queue} REST client (every call a lazy
 * {@code Uni}), its JSON shapes (spec §1–§2), the two authorization schemes (executor secret and job token), the
 * retry policy of spec §4.11 and the final-call retries as Mutiny operators, and file downloads on the same Vert.x
 * HTTP stack. Nothing here knows how a job runs; callers get typed results or a
 * {@link dev.executor.queue.FrontendException} naming the operation and status.
 */
package dev.executor.queue;
