/**
 * The parts of {@code executor run-job} that replace the frontend: the payload reader, the terminal log
 * sink, and the cloner that fetches from a local repository with the service's git commands and log keys.
 */
package dev.executor.cli.runjob;
