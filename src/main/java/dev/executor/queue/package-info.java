/**
 * The wire to the Sourcegraph frontend: the {@code /.executors/queue} REST client, its JSON shapes
 * (spec §1–§2), the two authorization schemes (executor secret and job token) and the retry policy
 * of spec §4.11. Nothing here knows how a job runs; callers get typed results or a
 * {@link dev.executor.queue.FrontendException} naming the operation and status.
 */
package dev.executor.queue;
