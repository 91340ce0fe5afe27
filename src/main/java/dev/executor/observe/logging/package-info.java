/**
 * The executor's own log lines (not job log entries): the job context every line about a job carries.
 * A leaf: every package may use it, it uses none of ours.
 */
package dev.executor.observe.logging;
