package dev.executor.job;

/** Ends a job with an error message in Sourcegraph's shape (spec §4.8). */
final class JobFailure extends RuntimeException {

    JobFailure(String message) {
        super(message, null, false, false);
    }
}
