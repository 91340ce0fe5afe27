package dev.executor.testing.frontend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The two auth middlewares of the frontend's executor router (spec §1.2), check by check in the real order and
 * with the real status codes and texts. Every rejection is also recorded as a violation.
 */
public final class AuthChecker {
    static final String EXECUTOR_SCHEME = "token-executor";
    static final String BEARER = "Bearer";

    /** What a job token must be valid for: the route's queue (queue and files routes) or repository (git). */
    public record Scope(String queue, String repo) {
        public static Scope queue(String queue) {
            return new Scope(queue, null);
        }

        public static Scope repo(String repo) {
            return new Scope(null, repo);
        }
    }

    /**
     * An accepted job request. With the {@code token-executor} fallback the real server checks nothing else, so
     * jobId is -1 and executorName "" when the headers are absent or unparseable.
     */
    public record JobAuth(boolean executorTokenFallback, long jobId, String executorName) {
    }

    private final String secret;
    private final JobStore store;

    AuthChecker(String secret, JobStore store) {
        this.secret = secret == null ? "" : secret;
        this.store = store;
    }

    /** {@code executorAuthMiddleware}; false = rejected and answered. */
    public boolean checkExecutor(FrontendExchange ex) throws IOException {
        if (secret.isEmpty()) {
            ex.reject(500, "Executors are not configured on this instance", "no executor secret configured");
            return false;
        }
        String header = ex.header("Authorization");
        String token = "";
        if (!header.isEmpty()) {
            String[] parts = header.split(" ", -1); // Go strings.Split: empty parts count
            if (parts.length != 2) {
                ex.reject(401, "HTTP Authorization request header value must be of the following form: '"
                        + EXECUTOR_SCHEME + " \"TOKEN\"'", "Authorization header has " + parts.length + " space-separated parts, expected 2");
                return false;
            }
            if (!parts[0].equals(EXECUTOR_SCHEME)) {
                ex.reject(401, "unrecognized HTTP Authorization request header scheme (supported values: \""
                        + EXECUTOR_SCHEME + "\")", "scheme '" + parts[0] + "' on an executor route");
                return false;
            }
            token = parts[1];
        }
        if (token.isEmpty()) {
            ex.reject(401, "no token value in the HTTP Authorization request header (recommended) or basic auth (deprecated)",
                    header.isEmpty() ? "no Authorization header" : "empty executor token");
            return false;
        }
        if (!constantTimeEquals(token, secret)) {
            ex.rejectEmpty(401, "executor secret mismatch");
            return false;
        }
        return true;
    }

    /** {@code validateJobRequest}; null = rejected and answered. */
    public JobAuth checkJob(FrontendExchange ex, Scope scope) throws IOException {
        String header = ex.header("Authorization");
        String scheme = "";
        String token = "";
        if (!header.isEmpty()) {
            String[] parts = header.split(" ", -1);
            if (parts.length != 2) {
                ex.reject(401, "HTTP Authorization request header value must be of the following form: 'Bearer \"TOKEN\"' or 'token-executor TOKEN'",
                        "Authorization header has " + parts.length + " space-separated parts, expected 2");
                return null;
            }
            scheme = parts[0];
            if (!scheme.equals(BEARER) && !scheme.equals(EXECUTOR_SCHEME)) {
                ex.reject(401, "unrecognized HTTP Authorization request header scheme (supported values: \"Bearer\", \"token-executor\")",
                        "scheme '" + scheme + "' on a job route");
                return null;
            }
            token = parts[1];
        }
        if (token.isEmpty()) {
            ex.reject(401, "no token value in the HTTP Authorization request header",
                    header.isEmpty() ? "no Authorization header" : "empty job token");
            return null;
        }
        if (scheme.equals(EXECUTOR_SCHEME)) {
            // Fallback for servers without job tokens: only the shared secret is compared, nothing else.
            if (!constantTimeEquals(token, secret)) {
                ex.rejectEmpty(403, "token-executor fallback on a job route with a wrong secret");
                return null;
            }
            String idHeader = ex.header("X-Sourcegraph-Job-ID");
            long id = idHeader.matches("[+-]?\\d{1,18}") ? Long.parseLong(idHeader) : -1;
            return new JobAuth(true, id, ex.header("X-Sourcegraph-Executor-Name"));
        }
        String idHeader = ex.header("X-Sourcegraph-Job-ID");
        if (idHeader.isEmpty()) {
            ex.reject(400, "job ID not provided in header 'X-Sourcegraph-Job-ID'", "missing X-Sourcegraph-Job-ID");
            return null;
        }
        long jobId;
        try {
            jobId = Long.parseLong(idHeader); // Go strconv.Atoi on 64-bit: optional sign, decimal digits
        } catch (NumberFormatException e) {
            ex.reject(400, "failed to parse Job ID: strconv.Atoi: parsing \"" + idHeader + "\": invalid syntax",
                    "X-Sourcegraph-Job-ID '" + idHeader + "' is not an integer");
            return null;
        }
        String executorName = ex.header("X-Sourcegraph-Executor-Name");
        if (executorName.isEmpty()) {
            ex.reject(400, "worker hostname cannot be empty", "missing X-Sourcegraph-Executor-Name");
            return null;
        }
        Optional<JobStore.TokenInfo> info = store.token(token);
        if (info.isEmpty()) {
            ex.reject(401, "invalid token", "unknown job token (never minted, or deleted by a mark call)");
            return null;
        }
        if (info.get().jobId() != jobId) {
            ex.reject(403, "invalid token", "token belongs to job " + info.get().jobId() + ", header says " + jobId);
            return null;
        }
        if (scope.repo() != null) {
            if (!scope.repo().equals(info.get().repo())) {
                ex.reject(403, "invalid token", "token is for repo '" + info.get().repo() + "', route is for '" + scope.repo() + "'");
                return null;
            }
        } else if (!info.get().queue().equals(scope.queue())) {
            ex.reject(403, "invalid token", "token is for queue '" + info.get().queue() + "', route is for '" + scope.queue() + "'");
            return null;
        }
        if (!store.executorKnown(executorName)) {
            ex.reject(401, "invalid token", "executor '" + executorName + "' has never sent a heartbeat");
            return null;
        }
        return new JobAuth(false, jobId, executorName);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
