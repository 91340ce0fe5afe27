/**
 * Programs the executor runs on the host itself rather than in a container: git for the clone and
 * {@code src} for CLI steps (spec §4.4, §4.6). One place decides what such a process may see of the
 * executor's environment, how its output becomes log lines and how it is stopped.
 */
package dev.executor.runtime.host;
