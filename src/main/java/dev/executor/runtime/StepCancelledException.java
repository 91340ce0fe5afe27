package dev.executor.runtime;

/** The step was stopped because its job was cancelled; its container is already gone. */
public class StepCancelledException extends RuntimeException {

    public StepCancelledException(String message) {
        super(message);
    }
}
