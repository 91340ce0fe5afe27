/**
 * The Docker implementation of {@link dev.executor.runtime.Runtime} through docker-java over the
 * engine's socket: image presence and pulls, one container per step (create, attach, start, wait,
 * remove), stop with a grace period on cancellation, and the equivalent {@code docker run} argv that
 * the log entry records. Every call here blocks; callers run on worker threads.
 */
package dev.executor.runtime.docker;
