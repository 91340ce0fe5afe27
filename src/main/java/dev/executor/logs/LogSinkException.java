package dev.executor.logs;

/**
 * A log call that did not succeed. {@code permanent} means retrying cannot help (the frontend no longer considers
 * the job ours, or refuses the request); otherwise a later attempt may succeed.
 */
public class LogSinkException extends RuntimeException {

    private final boolean permanent;

    public LogSinkException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
