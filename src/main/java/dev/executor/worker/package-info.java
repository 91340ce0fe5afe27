/**
 * Keeps leases: the startup ping, the poller that dequeues only when a slot is free, the slots
 * themselves, the set of running jobs, the heartbeat that reports them and applies the frontend's
 * cancellations, per-job deadlines, reporting each outcome with mark* (retried until the finalize deadline), and
 * drain on shutdown. Before the first dequeue it hands journaled jobs to recovery and schedules the janitor.
 */
package dev.executor.worker;
