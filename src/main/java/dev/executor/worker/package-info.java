/**
 * Keeps leases: the startup ping, the poller that dequeues only when a slot is free, the slots
 * themselves, the set of running jobs, the heartbeat that reports them and applies the frontend's
 * cancellations, per-job deadlines, reporting each outcome with mark*, and drain on shutdown.
 */
package dev.executor.worker;
