/**
 * Keeps leases: the Quarkus-scheduled poll, heartbeat and janitor ticks ({@code Worker}), the startup ping, the lease
 * pipeline whose {@code merge(EXECUTOR_MAXIMUM_NUM_JOBS)} is the bound on jobs in flight and which dequeues only when
 * a slot is free, the set of running jobs, the heartbeat that reports them and applies the frontend's
 * cancellations, each job's life as a {@code Uni} (deadline, run, report with mark* retried until the finalize
 * deadline), and drain on shutdown as the pipeline's completion. Before the first dequeue it hands journaled jobs to
 * recovery and runs the janitor. {@code WorkerProducer} builds all of it from CDI.
 */
package dev.executor.worker;
