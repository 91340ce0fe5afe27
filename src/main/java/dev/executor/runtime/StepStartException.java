package dev.executor.runtime;

/** The step never ran: the image is missing or Docker refused the container. The message names the image. */
public class StepStartException extends RuntimeException {

    public StepStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
