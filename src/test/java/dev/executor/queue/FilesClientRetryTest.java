package dev.executor.queue;

import dev.executor.model.JobRef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * File downloads (the files client on the Vert.x HTTP stack) are retried like every frontend call (spec §4.11),
 * against a real HTTP server on loopback, and large bodies stream without being held in memory.
 */
class FilesClientRetryTest {

    private static final JobRef JOB = new JobRef(42, "batches", "job-token-abc");

    private HttpServer server;
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        vertx.close();
    }

    private FilesClient client() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.executors/files/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            int status;
            synchronized (statuses) {
                status = statuses.isEmpty() ? 200 : statuses.poll();
            }
            byte[] body = (status == 200 ? "file content" : "try later").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new FilesClient(vertx.createHttpClient(), base, new Credentials("frontend-secret-0123456789"),
                "test-executor", Duration.ofSeconds(10),
                new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(3)));
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetried() throws IOException {
        FilesClient files = client();
        statuses.addAll(List.of(503, 429, 500));
        try (InputStream in = files.open(JOB, "batch-changes", "spec/file")) {
            assertEquals("file content", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(4, requests.size(), requests.toString());
        assertTrue(requests.stream().allMatch("GET /.executors/files/batch-changes/spec/file Bearer job-token-abc"::equals),
                requests.toString());
    }

    @Test
    void notFoundAndNotImplementedAreFinal() throws IOException {
        FilesClient files = client();
        statuses.addAll(List.of(404, 501));
        IOException notFound = assertThrows(IOException.class, () -> files.open(JOB, "batch-changes", "spec/missing"));
        assertEquals("fetching file batch-changes/spec/missing of job 42: unexpected status code 404", notFound.getMessage());
        IOException notImplemented = assertThrows(IOException.class, () -> files.open(JOB, "batch-changes", "spec/x"));
        assertEquals("fetching file batch-changes/spec/x of job 42: unexpected status code 501", notImplemented.getMessage());
        assertEquals(2, requests.size(), requests.toString());
    }

    @Test
    void aFrontendThatStaysDownEndsTheDownloadWithTheLastStatus() throws IOException {
        FilesClient files = client();
        for (int i = 0; i < 30; i++) {
            statuses.add(502);
        }
        IOException e = assertThrows(IOException.class, () -> files.open(JOB, "batch-changes", "spec/file"));
        assertEquals("fetching file batch-changes/spec/file of job 42: unexpected status code 502", e.getMessage());
        assertEquals(21, requests.size(), "one try and 20 retries");
    }

    @Test
    void anUnreachableFrontendIsNamedInTheError() throws IOException {
        FilesClient files = client();
        server.stop(0); // nothing listens on the port any more
        server = null;
        IOException e = assertThrows(IOException.class, () -> files.open(JOB, "batch-changes", "spec/file"));
        assertTrue(e.getMessage().startsWith("fetching file batch-changes/spec/file of job 42: request failed: "),
                e.getMessage());
    }

    @Test
    void aLargeFileStreamsAsItIsReadNotAheadOfTheReader() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        long size = 256L * 1024 * 1024;
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        server.createContext("/.executors/files/", ex -> {
            ex.sendResponseHeaders(200, size);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                while (sent.get() < size) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            }
        });
        server.start();
        FilesClient files = new FilesClient(vertx.createHttpClient(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), new Credentials("frontend-secret-0123456789"),
                "test-executor", Duration.ofSeconds(30), new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        long read = 0;
        try (InputStream in = files.open(JOB, "batch-changes", "big")) {
            byte[] buf = new byte[64 * 1024];
            while (read < 1024 * 1024) {
                read += in.read(buf);
            }
            Thread.sleep(1000); // a stalled reader (slow disk): the connection must wait for it, not buffer ahead
            long ahead = sent.get() - read;
            // What may be in flight: the socket buffers on both sides and a few prefetched chunks, not the file.
            assertTrue(ahead < 64L * 1024 * 1024, "the server got " + ahead / 1024 / 1024 + " MiB ahead of the reader");
            for (int n; (n = in.read(buf)) > 0; ) {
                read += n;
            }
        }
        assertEquals(size, read);
    }
}
