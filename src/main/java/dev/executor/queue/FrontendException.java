package dev.executor.queue;

/**
 * A frontend call that did not succeed after retries: names the operation, the status (0 for a
 * transport failure) and a short excerpt of the body, never the request's credentials.
 */
public class FrontendException extends RuntimeException {

    private final String operation;
    private final int status;

    public FrontendException(String operation, int status, String detail, Throwable cause) {
        super(operation + ": " + (status == 0 ? "request failed" : "unexpected status code " + status)
                + (detail == null || detail.isBlank() ? "" : ": " + detail), cause);
        this.operation = operation;
        this.status = status;
    }

    public String operation() {
        return operation;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }
}
