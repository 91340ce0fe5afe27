package dev.executor.testing.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.executor.testing.frontend.JobRecord.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP server on 127.0.0.1 that speaks the Sourcegraph executor queue API as specified in
 * {@code shared/spec/sourcegraph-executor-protocol.md} §1, §2 and §7, and refuses what the real frontend refuses
 * with the same status codes. It deliberately shares no code with the product: it is an independent reading of
 * the spec that the product is tested against.
 *
 * <p>Every refusal is also written to {@link #violations()} so a test can end with
 * {@code assertEquals(List.of(), fe.violations())}.
 */
public final class FakeFrontend implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Duration RESETTER_INTERVAL = Duration.ofMillis(100);

    private record Mount(String prefix, RouteHandler handler) {
    }

    private final String secret;
    private final HttpServer server;
    private final ExecutorService pool;
    private final ScheduledExecutorService resetter;
    private final JobStore store = new JobStore();
    private final AuthChecker auth;
    private final FileRoutes files;
    private final FaultInjector faults = new FaultInjector();
    private final List<Mount> mounts = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<JsonNode> heartbeats = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration staleAge = Duration.ofSeconds(25);

    private FakeFrontend(String secret, SSLContext tls) throws IOException {
        this.secret = secret;
        this.auth = new AuthChecker(secret, store);
        this.files = new FileRoutes(auth);
        mounts.add(new Mount(QueueRoutes.PREFIX, new QueueRoutes(store, auth, heartbeats::add)));
        mounts.add(new Mount(FileRoutes.PREFIX, files));
        mounts.add(new Mount("/.executors/test/auth", this::testAuth));
        pool = Executors.newCachedThreadPool(r -> daemon(r, "fake-frontend-http-"));
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        if (tls == null) {
            server = HttpServer.create(address, 64);
        } else {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::dispatch);
        server.setExecutor(pool);
        server.start();
        resetter = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fake-frontend-resetter-"));
        resetter.scheduleWithFixedDelay(() -> store.resetStale(staleAge),
                RESETTER_INTERVAL.toMillis(), RESETTER_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a frontend whose {@code executors.accessToken} is {@code secret} ("" = not configured → 500s). */
    public static FakeFrontend start(String secret) {
        return startHttps(secret, null);
    }

    /**
     * Like {@link #start(String)}, served over HTTPS with the certificate {@code tls} presents ({@code null}: plain
     * HTTP). Still bound to 127.0.0.1; a test may address it by another name its certificate covers.
     */
    public static FakeFrontend startHttps(String secret, SSLContext tls) {
        try {
            return new FakeFrontend(secret, tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port());
    }

    /** The URL with another host name (which must lead to 127.0.0.1, e.g. through a proxy that maps it). */
    public URI url(String host) {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://" + host + ":" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String secret() {
        return secret;
    }

    // ---- jobs ------------------------------------------------------------------------------------------------

    /**
     * Enqueues a job given as v2-style JSON with plain-text file contents and without id/token/version/queue.
     * Unknown fields are refused. The payload served at dequeue is rendered per the executor's version (§2).
     */
    public long enqueue(String queue, String jobJson) {
        requireQueue(queue);
        var template = JobPayloads.normalize(jobJson);
        return store.enqueue(queue, template, null, template.get("repositoryName").asText());
    }

    /**
     * Enqueues a payload served verbatim: only {@code id} and {@code token} are added (or {@code ${id}} and
     * {@code ${token}} placeholders replaced); no version, queue, defaults or base64 handling.
     */
    public long enqueueRaw(String queue, String exactJson) {
        requireQueue(queue);
        return store.enqueue(queue, null, exactJson, JobPayloads.repositoryOfRaw(exactJson));
    }

    public JobRecord job(long id) {
        return store.snapshot(id);
    }

    /** Polls until the job is in one of {@code states}; AssertionError with the current record on timeout. */
    public JobRecord awaitState(long id, Duration timeout, State... states) {
        List<State> wanted = Arrays.asList(states);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobRecord r = store.snapshot(id);
            if (wanted.contains(r.state())) {
                return r;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("job " + id + " not in " + wanted + " after " + timeout + ": " + r
                        + "\nviolations: " + violations());
            }
            sleep(20);
        }
    }

    public JobRecord awaitTerminal(long id, Duration timeout) {
        return awaitState(id, timeout, State.COMPLETED, State.ERRORED, State.FAILED, State.CANCELED);
    }

    /** User cancel: sets the cancel flag of a processing job (reported via cancelIds); a queued job ends CANCELED. */
    public void cancel(long id) {
        store.cancel(id);
    }

    /** The job is taken away from its executor (ends FAILED, finalCall "forget"); see {@link JobStore#forget}. */
    public void forget(long id) {
        store.forget(id);
    }

    // ---- files -----------------------------------------------------------------------------------------------

    /** Registers a file for {@code /.executors/files/batch-changes/<spec>/<file>}; bucket must be batch-changes. */
    public void putFile(String bucket, String key, byte[] content) {
        files.put(bucket, key, content);
    }

    /** Registers a streamed file of {@code size} bytes from {@link GeneratedContent} (never held in memory). */
    public void putGeneratedFile(String bucket, String key, long size) {
        files.putGenerated(bucket, key, size);
    }

    // ---- faults and timing -----------------------------------------------------------------------------------

    /** Every request gets {@code status} (body "injected fault") for the given duration. */
    public void failAllWith(int status, Duration duration) {
        faults.failAll(status, duration);
    }

    /** The next {@code times} requests whose path ends with {@code routeSuffix} get {@code status}. */
    public void failRoute(String routeSuffix, int status, int times) {
        faults.failRoute(routeSuffix, status, times);
    }

    /** Every request whose path ends with {@code routeSuffix} gets {@code status} for the given duration. */
    public void failRouteFor(String routeSuffix, int status, Duration duration) {
        faults.failRouteFor(routeSuffix, status, duration);
    }

    /**
     * The next {@code times} requests whose path ends with {@code routeSuffix} are accepted and held unanswered for
     * {@code hang} (then answered 504, if the client is still there), like a hung frontend: none of them reaches the
     * protocol logic, so the job state does not change.
     */
    public void hangRoute(String routeSuffix, int times, Duration hang) {
        faults.hangRoute(routeSuffix, times, hang);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Heartbeat age after which the resetter re-queues a processing job (default 25 s, checked every 100 ms). */
    public void setStaleAge(Duration age) {
        staleAge = age;
    }

    // ---- extension ---------------------------------------------------------------------------------------------

    /**
     * Mounts a handler for every path starting with {@code pathPrefix} (e.g. {@code /.executors/git/}). Longer
     * prefixes win; routes added here take precedence over the built-in ones.
     */
    public void addRoute(String pathPrefix, RouteHandler handler) {
        mounts.add(0, new Mount(pathPrefix, handler));
    }

    /**
     * Serves the bare repositories under {@code projectRoot} (a repository named {@code github.com/acme/api} is the
     * directory {@code <projectRoot>/github.com/acme/api}) on the git routes, through the real {@code git
     * http-backend}; see {@link GitRoutes}.
     */
    public GitRoutes serveGit(Path projectRoot) {
        return serveGit(projectRoot, "127.0.0.1");
    }

    /** As {@link #serveGit(Path)} for an executor that reaches this frontend as {@code host} ({@link #url(String)}). */
    public GitRoutes serveGit(Path projectRoot, String host) {
        GitRoutes git = new GitRoutes(auth, projectRoot, host + ":" + port());
        addRoute(GitRoutes.PREFIX, git);
        return git;
    }

    /** The auth middlewares, for handlers added with {@link #addRoute}. */
    public AuthChecker auth() {
        return auth;
    }

    // ---- observations ----------------------------------------------------------------------------------------

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<RecordedRequest> requests(String pathSuffix) {
        return requests().stream().filter(r -> r.path().endsWith(pathSuffix)).toList();
    }

    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** Accepted heartbeat bodies (single and multi-queue) in arrival order. */
    public List<JsonNode> heartbeats() {
        synchronized (heartbeats) {
            return List.copyOf(heartbeats);
        }
    }

    /** Executor names that have sent an accepted heartbeat (the executor_heartbeats table). */
    public Set<String> executorNamesSeen() {
        return store.executorsSeen();
    }

    /** High-water mark of jobs simultaneously in PROCESSING, over all executors. */
    public int maxConcurrentProcessing() {
        return store.maxConcurrentProcessing();
    }

    /** High-water mark of jobs simultaneously in PROCESSING owned by one executor name. */
    public int maxConcurrentProcessing(String executorName) {
        return store.maxConcurrentProcessing(executorName);
    }

    /**
     * Sum of the body sizes of every updateExecutionLogEntry request for (jobId, entryId), including rejected and
     * fault-injected ones: it measures what the product sent, i.e. the log-streaming cost.
     */
    public long totalUpdateBytes(long jobId, int entryId) {
        return updates(jobId, entryId).stream().mapToLong(RecordedRequest::bodySize).sum();
    }

    /** Every updateExecutionLogEntry request for (jobId, entryId) in arrival order, answered or not. */
    public List<RecordedRequest> updates(long jobId, int entryId) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : requests("/updateExecutionLogEntry")) {
            try {
                JsonNode b = GoJson.MAPPER.readTree(r.bodyBytes());
                if (b != null && b.path("jobId").asLong(-1) == jobId && b.path("entryId").asLong(-1) == entryId) {
                    out.add(r);
                }
            } catch (IOException e) {
                // an unparseable body names no entry
            }
        }
        return out;
    }

    @Override
    public void close() {
        resetter.shutdownNow();
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- internals -------------------------------------------------------------------------------------------

    private void dispatch(HttpExchange he) {
        Instant at = Instant.now();
        byte[] body;
        try {
            body = he.getRequestBody().readAllBytes();
        } catch (IOException e) {
            body = new byte[0];
            violations.add(he.getRequestMethod() + " " + he.getRequestURI().getPath() + ": could not read body: " + e);
        }
        byte[] recordedBody = body;
        FrontendExchange ex = new FrontendExchange(he, body, violations::add, e -> requests.add(record(he, at, recordedBody, e)));
        try {
            FaultInjector.Fault fault = faults.match(ex.path());
            if (fault != null) {
                ex.injected = true;
                if (!fault.hang().isZero()) {
                    try {
                        Thread.sleep(fault.hang().toMillis()); // hold the request unanswered; the client may give up
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the frontend is closing
                    }
                }
                try {
                    ex.respond(fault.status(), FrontendExchange.SNIFFED, "injected fault\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the client gave up on a hung request: expected
                }
                return;
            }
            RouteHandler h = route(ex.path());
            if (h == null) {
                ex.reject(404, "404 page not found", "no such route");
            } else {
                h.handle(ex);
            }
            if (!ex.responded()) {
                violations.add("fake frontend bug: no response for " + ex.method() + " " + ex.path());
                ex.respondEmpty(500);
            }
        } catch (IOException e) {
            // The client went away while we answered (e.g. an executor shutting down mid-heartbeat). The real
            // server does not treat that as an error either; there is no one left to answer.
        } catch (Throwable t) {
            violations.add("fake frontend error on " + ex.method() + " " + ex.path() + ": " + t);
            if (!ex.responded()) {
                try {
                    ex.respondEmpty(500);
                } catch (IOException | RuntimeException ignored) {
                    // client gone; nothing else to do
                }
            }
        } finally {
            he.close();
        }
    }

    private RouteHandler route(String path) {
        return mounts.stream()
                .filter(m -> path.startsWith(m.prefix()))
                .max(Comparator.comparingInt(m -> m.prefix().length()))
                .map(Mount::handler)
                .orElse(null);
    }

    private void testAuth(FrontendExchange ex) throws IOException {
        if (!ex.path().equals("/.executors/test/auth")) {
            ex.reject(404, "404 page not found", "no such route");
        } else if (!ex.method().equals("GET")) {
            ex.rejectEmpty(405, "test/auth accepts GET only");
        } else if (auth.checkExecutor(ex)) {
            ex.respond(200, FrontendExchange.SNIFFED, "ok".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static RecordedRequest record(HttpExchange he, Instant at, byte[] body, FrontendExchange ex) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        he.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        return new RecordedRequest(at, he.getRequestMethod(), he.getRequestURI().getPath(),
                he.getRequestURI().getRawQuery(), Collections.unmodifiableMap(headers), body, ex.status(), ex.injected);
    }

    private static void requireQueue(String queue) {
        if (!QueueRoutes.QUEUES.contains(queue)) {
            throw new IllegalArgumentException("the real frontend has only the queues " + QueueRoutes.QUEUES);
        }
    }

    private static Thread daemon(Runnable r, String prefix) {
        Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
