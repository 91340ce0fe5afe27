/**
 * The per-job pipeline: prepare the workspace, run each step through the {@link dev.executor.runtime.Runtime}
 * with a log entry per command, honour the batches skip protocol, run {@code cliSteps} ({@code src} on the
 * host) after the docker steps, tear down, and decide the outcome
 * (complete, errored, failed, or abandoned for the frontend to re-queue) with Sourcegraph's messages
 * (spec §4.3–§4.8). Every phase is journaled, so a restarted executor can resume a job from where it was
 * (reattach to the running step, continue after the last finished one, or only finalise). Reporting the outcome
 * is the worker's job.
 */
package dev.executor.job;
