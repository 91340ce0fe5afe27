package dev.executor.testing.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.executor.testing.frontend.JobRecord.State;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dbworker state machine of spec §7 plus the job-token and executor-heartbeat tables the auth middleware
 * reads (spec §1.2). One monitor guards everything: that gives the atomicity the real server gets from
 * {@code FOR UPDATE SKIP LOCKED} and keeps the invariants trivially checkable.
 *
 * <p>Ownership checks follow the SQL: a call matches a job only if the id exists in the route's queue, the state
 * is processing and (when the request names a worker) worker_hostname equals it.
 */
final class JobStore {
    /** MaxNumResets of both executor queues. */
    static final int MAX_NUM_RESETS = 3;
    /** MaxNumRetries of both executor queues: markErrored therefore always ends failed. */
    static final int MAX_NUM_RETRIES = 0;
    static final String RESET_FAILURE = "job processor died while handling this message too many times";

    record TokenInfo(long jobId, String queue, String repo) {
    }

    record Dequeued(long id, String queue, String token, ObjectNode template, String raw) {
    }

    /** The real store's {@code ErrExecutionLogEntryNotUpdated}, surfaced by the handler as 500 "unknown job". */
    static final class UnknownJob extends Exception {
        UnknownJob(String detail) {
            super(detail);
        }
    }

    private static final class Job {
        final long id;
        final String queue;
        final ObjectNode template;
        final String raw;
        final String repo;
        State state = State.QUEUED;
        String failureMessage;
        String worker;
        String token;
        boolean cancel;
        String finalCall;
        final List<ObjectNode> logs = new ArrayList<>();
        int numResets;
        int numFailures;
        int dequeueCount;
        long queueOrder;
        Instant queuedAt = Instant.now();
        Instant dequeuedAt;
        Instant lastHeartbeatAt;
        long lastHeartbeatNanos;
        Instant finishedAt;

        Job(long id, String queue, ObjectNode template, String raw, String repo) {
            this.id = id;
            this.queue = queue;
            this.template = template;
            this.raw = raw;
            this.repo = repo;
        }

        String describe() {
            return "state=" + state + ", queue=" + queue + ", worker=" + worker;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Job> jobs = new LinkedHashMap<>();
    private final Map<String, TokenInfo> tokens = new HashMap<>();
    private final Set<String> executorsSeen = new LinkedHashSet<>();
    private final Map<String, Integer> maxPerExecutor = new HashMap<>();
    private long nextId = 1;
    private long nextOrder = 1;
    private int maxTotal;

    synchronized long enqueue(String queue, ObjectNode template, String raw, String repo) {
        Job j = new Job(nextId++, queue, template, raw, repo);
        j.queueOrder = nextOrder++;
        jobs.put(j.id, j);
        return j.id;
    }

    /** Oldest queued job of the given queues (the real multi-queue picks by weighted random; tests need determinism). */
    synchronized Optional<Dequeued> dequeue(Collection<String> queues, String executorName) {
        Job pick = null;
        for (Job j : jobs.values()) {
            if (j.state == State.QUEUED && queues.contains(j.queue) && (pick == null || j.queueOrder < pick.queueOrder)) {
                pick = j;
            }
        }
        if (pick == null) {
            return Optional.empty();
        }
        pick.state = State.PROCESSING;
        pick.worker = executorName;
        pick.dequeuedAt = Instant.now();
        pick.lastHeartbeatAt = pick.dequeuedAt;
        pick.lastHeartbeatNanos = System.nanoTime();
        pick.finishedAt = null;
        pick.failureMessage = null;
        pick.logs.clear();
        pick.dequeueCount++;
        if (pick.token != null) {
            tokens.remove(pick.token); // "regenerated if one already exists for (job_id, queue)"
        }
        pick.token = mintToken();
        tokens.put(pick.token, new TokenInfo(pick.id, pick.queue, pick.repo));
        trackConcurrency(executorName);
        return Optional.of(new Dequeued(pick.id, pick.queue, pick.token, pick.template, pick.raw));
    }

    /** Upsert of executor_heartbeats: from now on job-token calls naming this executor are accepted. */
    synchronized void recordExecutor(String executorName) {
        executorsSeen.add(executorName);
    }

    synchronized boolean executorKnown(String executorName) {
        return executorsSeen.contains(executorName);
    }

    synchronized Set<String> executorsSeen() {
        return Set.copyOf(executorsSeen);
    }

    /**
     * {@code UPDATE ... SET last_heartbeat_at = now WHERE id = ANY(ids) AND state='processing' AND
     * worker_hostname = name RETURNING id, cancel}; result[0] = known ids, result[1] = cancel ids.
     */
    synchronized List<List<String>> heartbeat(String queue, String executorName, List<Long> ids) {
        List<String> known = new ArrayList<>();
        List<String> cancel = new ArrayList<>();
        for (long id : ids) {
            Job j = jobs.get(id);
            if (j != null && owns(j, queue, executorName)) {
                j.lastHeartbeatAt = Instant.now();
                j.lastHeartbeatNanos = System.nanoTime();
                known.add(Long.toString(id));
                if (j.cancel) {
                    cancel.add(Long.toString(id));
                }
            }
        }
        return List.of(known, cancel);
    }

    synchronized int addLogEntry(String queue, long jobId, String executorName, ObjectNode entry) throws UnknownJob {
        Job j = ownedOrThrow(queue, jobId, executorName);
        j.logs.add(entry.deepCopy());
        return j.logs.size();
    }

    synchronized void updateLogEntry(String queue, long jobId, String executorName, long entryId, ObjectNode entry)
            throws UnknownJob {
        Job j = ownedOrThrow(queue, jobId, executorName);
        if (entryId < 1 || entryId > j.logs.size()) {
            throw new UnknownJob("job " + jobId + " has " + j.logs.size() + " log entries, entryId " + entryId + " does not exist");
        }
        j.logs.set((int) entryId - 1, entry.deepCopy());
    }

    /** @return null on success, else why the guarded UPDATE matched no row (the handler answers 404). */
    synchronized String mark(String call, String queue, long jobId, String executorName, String errorMessage) {
        Job j = jobs.get(jobId);
        if (j == null || !owns(j, queue, executorName)) {
            return j == null ? "no job " + jobId : "job " + jobId + " not processing/owned by '" + executorName + "' (" + j.describe() + ")";
        }
        switch (call) {
            case "markComplete" -> j.state = State.COMPLETED;
            case "markErrored" -> {
                j.state = j.cancel ? State.CANCELED
                        : j.numFailures + 1 >= MAX_NUM_RETRIES ? State.FAILED : State.ERRORED;
                j.failureMessage = errorMessage;
                j.numFailures += j.cancel ? 0 : 1;
            }
            case "markFailed" -> {
                j.state = j.cancel ? State.CANCELED : State.FAILED;
                j.failureMessage = errorMessage;
                j.numFailures += j.cancel ? 0 : 1;
            }
            default -> throw new IllegalArgumentException(call);
        }
        finish(j, call);
        tokens.remove(j.token); // the token dies with the job (spec §1.2)
        return null;
    }

    synchronized Optional<TokenInfo> token(String token) {
        return Optional.ofNullable(tokens.get(token));
    }

    /** User cancel: a processing job keeps running with cancel=true until the executor reports; a queued one ends. */
    synchronized void cancel(long id) {
        Job j = require(id);
        switch (j.state) {
            case PROCESSING -> j.cancel = true;
            case QUEUED -> {
                j.cancel = true;
                j.state = State.CANCELED;
                finish(j, "cancel");
            }
            default -> throw new IllegalStateException("cannot cancel job " + id + " in state " + j.state);
        }
    }

    /**
     * Makes the job unknown to every executor, as when the resetter or an admin took it away: it ends FAILED, so
     * heartbeats omit it, log calls get 500 unknown job and mark calls 404. The token is kept on purpose, like the
     * real server does until a new dequeue regenerates it, so those calls fail on ownership, not on auth.
     */
    synchronized void forget(long id) {
        Job j = require(id);
        if (j.state != State.PROCESSING && j.state != State.QUEUED) {
            throw new IllegalStateException("cannot forget job " + id + " in state " + j.state);
        }
        j.state = State.FAILED;
        j.failureMessage = "forgotten by test";
        finish(j, "forget");
    }

    /** One resetter pass; returns how many jobs it touched. */
    synchronized int resetStale(Duration staleAge) {
        long now = System.nanoTime();
        int touched = 0;
        for (Job j : jobs.values()) {
            if (j.state != State.PROCESSING || now - j.lastHeartbeatNanos <= staleAge.toNanos()) {
                continue;
            }
            touched++;
            if (j.numResets < MAX_NUM_RESETS) {
                j.state = State.QUEUED;
                j.numResets++;
                j.queuedAt = Instant.now();
                j.queueOrder = nextOrder++; // queued_at = now: goes to the back of the queue
                j.dequeuedAt = null;
            } else {
                j.state = State.FAILED;
                j.failureMessage = RESET_FAILURE;
                finish(j, "resetter");
            }
        }
        return touched;
    }

    synchronized JobRecord snapshot(long id) {
        Job j = require(id);
        List<JsonNode> logs = new ArrayList<>();
        j.logs.forEach(e -> logs.add(e.deepCopy()));
        return new JobRecord(j.id, j.queue, j.state, j.failureMessage, j.worker, j.token, j.cancel, j.finalCall,
                List.copyOf(logs), j.numResets, j.numFailures, j.dequeueCount, j.repo, j.queuedAt, j.dequeuedAt,
                j.lastHeartbeatAt, j.finishedAt);
    }

    synchronized int maxConcurrentProcessing() {
        return maxTotal;
    }

    synchronized int maxConcurrentProcessing(String executorName) {
        return maxPerExecutor.getOrDefault(executorName, 0);
    }

    private boolean owns(Job j, String queue, String executorName) {
        // An empty worker name skips the hostname condition, exactly like the real store options.
        return j.queue.equals(queue) && j.state == State.PROCESSING
                && (executorName.isEmpty() || executorName.equals(j.worker));
    }

    private Job ownedOrThrow(String queue, long jobId, String executorName) throws UnknownJob {
        Job j = jobs.get(jobId);
        if (j == null) {
            throw new UnknownJob("no job " + jobId);
        }
        if (!owns(j, queue, executorName)) {
            throw new UnknownJob("job " + jobId + " not processing/owned by '" + executorName + "' (" + j.describe() + ")");
        }
        return j;
    }

    private Job require(long id) {
        Job j = jobs.get(id);
        if (j == null) {
            throw new IllegalArgumentException("no job " + id);
        }
        return j;
    }

    private void finish(Job j, String call) {
        j.finalCall = call;
        j.finishedAt = Instant.now();
    }

    private void trackConcurrency(String executorName) {
        int total = 0;
        int mine = 0;
        for (Job j : jobs.values()) {
            if (j.state == State.PROCESSING) {
                total++;
                if (executorName.equals(j.worker)) {
                    mine++;
                }
            }
        }
        maxTotal = Math.max(maxTotal, total);
        maxPerExecutor.merge(executorName, mine, Math::max);
    }

    private String mintToken() {
        byte[] b = new byte[20];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b); // 40 lower-case hex chars like the real token store
    }
}
