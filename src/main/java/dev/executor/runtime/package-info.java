/**
 * The seam between a job and the thing that runs its containers: a {@link dev.executor.runtime.Runtime}
 * runs one {@link dev.executor.runtime.StepSpec} to completion, streaming its output lines, and stops it
 * when cancelled. {@code runtime.docker} implements it with docker-java; nothing above this package
 * knows about Docker's API.
 */
package dev.executor.runtime;
