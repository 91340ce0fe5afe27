package dev.executor.runtime;

/** A step could not be reattached after a restart: its container is gone or its log cannot be read back. */
public class StepLostException extends RuntimeException {

    public StepLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
