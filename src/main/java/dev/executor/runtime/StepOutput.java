package dev.executor.runtime;

import dev.executor.logs.Pipe;

/** Receives a step's output one line at a time, without the trailing newline. */
@FunctionalInterface
public interface StepOutput {

    void line(Pipe pipe, String line);

    /** Called once when the step's process (container) has started, before its first line. */
    default void started() {
    }
}
