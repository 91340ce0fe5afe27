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

    /**
     * Whether retrying cannot help: a 4xx other than 408/429 (refused, not found, token gone), 501, or the
     * {@code 500 {"error":"unknown job"}} the log routes answer for a job that is no longer ours (spec §1.6).
     * Transport failures, 408, 429 and other 5xx may pass.
     */
    public boolean permanent() {
        if (status == 0 || status == 408 || status == 429) {
            return false;
        }
        if (status >= 500) {
            return status == 501 || (status == 500 && String.valueOf(getMessage()).contains("unknown job"));
        }
        return status >= 400;
    }
}
