/**
 * The seam between a job and the thing that runs its containers: a {@link dev.executor.runtime.Runtime}
 * runs one {@link dev.executor.runtime.StepSpec} to completion, streaming its output lines, and stops it
 * when cancelled; after a restart it reattaches to a step's container, and it lists and removes the containers
 * and job networks carrying our labels ({@link dev.executor.runtime.ContainerLabels}) for recovery and the janitor.
 * {@code runtime.docker} implements it with docker-java; nothing above this package knows about Docker's API.
 * {@code runtime.host} runs the programs the executor starts on the host itself (git, {@code src}) with the same
 * output and cancellation semantics.
 */
package dev.executor.runtime;
