package dev.executor.runtime;

/**
 * The step was stopped because its job was cancelled; its container is already gone. The message is the
 * cancel reason; {@link #howStopped()} says what stopping took (for the step's log entry).
 */
public class StepCancelledException extends RuntimeException {

    private final String howStopped;

    /** Cancelled before anything of the step was running. */
    public StepCancelledException(String reason) {
        this(reason, "nothing of the step was running yet");
    }

    public StepCancelledException(String reason, String howStopped) {
        super(reason);
        this.howStopped = howStopped;
    }

    public String howStopped() {
        return howStopped;
    }
}
