package dev.executor.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.executor.queue.Credentials;
import dev.executor.queue.FilesClient;
import dev.executor.model.JobRef;
import dev.executor.queue.RetryPolicy;
import dev.executor.runtime.Cancellation;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A download the frontend stops feeding mid-body ends when the job is cancelled, through the real HTTP client
 * against a real loopback server that sends part of a body and then stalls.
 */
class CancellableFileStoreTest {

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close();
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private FileStore stallingStore() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/.executors/files/", ex -> {
            ex.sendResponseHeaders(200, 1_000_000);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[64 * 1024]);
            out.flush();
            try {
                release.await(60, TimeUnit.SECONDS); // stall: the rest of the body never comes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.start();
        FilesClient client = new FilesClient(vertx.createHttpClient(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), new Credentials("frontend-secret-0123"),
                "test-executor", Duration.ofSeconds(10),
                new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)));
        JobRef job = new JobRef(7, "batches", "job-token");
        return (bucket, key) -> client.open(job, bucket, key);
    }

    @Test
    void cancellingTheJobEndsAStalledDownload() throws Exception {
        Cancellation cancel = new Cancellation();
        FileStore store = new CancellableFileStore(stallingStore(), cancel);
        long[] read = new long[1];
        try (InputStream in = store.open("batch-changes", "spec/file")) {
            byte[] buffer = new byte[8192];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (read[0] < 64 * 1024 && System.nanoTime() < deadline) {
                read[0] += in.read(buffer);
            }
            assertEquals(64 * 1024, read[0], "the first part of the body arrives");
            Executors.newSingleThreadScheduledExecutor().schedule(() -> cancel.cancel(Cancellation.Reason.CANCELED), 300,
                    TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> {
                while (in.read(buffer) >= 0) {
                    // the next read blocks until the cancel closes the stream
                }
            });
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited < 10_000, "the read was released after " + waited + " ms");
            assertEquals("fetching file batch-changes/spec/file: the job was cancelled (job was canceled)",
                    e.getMessage());
        }
    }

    @Test
    void aCancelledJobOpensNoDownload() throws Exception {
        Cancellation cancel = new Cancellation();
        cancel.cancel(Cancellation.Reason.DEADLINE);
        FileStore store = new CancellableFileStore((bucket, key) -> {
            throw new AssertionError("opened after the cancel");
        }, cancel);
        IOException e = assertThrows(IOException.class, () -> store.open("batch-changes", "a/b"));
        assertEquals("fetching file batch-changes/a/b: the job was cancelled (job exceeded its maximum execution time)",
                e.getMessage());
    }
}
