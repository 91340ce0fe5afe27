package dev.executor.queue;

import dev.executor.model.JobRef;

/**
 * The two authorization schemes of spec §1.2. Job routes use {@code Bearer <job token>}, or fall back to
 * the shared secret when the frontend issued no token (old Sourcegraph).
 */
public final class Credentials {

    private final String executorSecret;

    public Credentials(String executorSecret) {
        this.executorSecret = executorSecret;
    }

    public String executorHeader() {
        return "token-executor " + executorSecret;
    }

    public String jobHeader(JobRef job) {
        return job.token() == null || job.token().isEmpty() ? executorHeader() : "Bearer " + job.token();
    }
}
