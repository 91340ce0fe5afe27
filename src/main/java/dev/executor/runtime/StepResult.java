package dev.executor.runtime;

/** How a step ended: its exit code, and whether the kernel killed it for exceeding its memory limit. */
public record StepResult(int exitCode, boolean oomKilled) {
}
