package dev.executor.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.executor.config.FrontendProxy;
import dev.executor.queue.transport.FrontendTransport;
import dev.executor.queue.transport.TrustMaterial;
import dev.executor.queue.transport.UntrustedCertificateException;
import dev.executor.testing.tls.TestPki;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refused TLS certificate is final: one attempt, and the operator reads the explanation, not the JDK's text. */
class RetryPolicyTlsTest {

    @Test
    void untrustedCertificateIsNotRetriedAndIsExplained(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir, "Retry Test CA");
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext("srv", "ip:127.0.0.1")));
        server.start();
        try {
            URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
            FrontendTransport untrusting = new FrontendTransport(url, TrustMaterial.load(List.of(), List.of(), Map.of()),
                    FrontendProxy.direct("test"));
            HttpClient client = untrusting.build(HttpClient.newBuilder());
            AtomicInteger attempts = new AtomicInteger();
            RetryPolicy policy = new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1));
            FrontendException e = assertThrows(FrontendException.class, () -> policy.execute("heartbeat", () -> {
                attempts.incrementAndGet();
                try {
                    client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
                    throw new AssertionError("the handshake should have failed");
                } catch (IOException io) {
                    throw new ProcessingException(io); // what the REST client wraps transport failures in
                } catch (InterruptedException ie) {
                    throw new AssertionError(ie);
                }
            }));
            assertEquals(1, attempts.get(), "a refused certificate is not retried");
            assertEquals(0, e.status());
            String explanation = UntrustedCertificateException.in(e).orElseThrow().getMessage();
            assertEquals("heartbeat: request failed: " + explanation, e.getMessage());
            assertEquals(explanation, RetryPolicy.rootMessage(e));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void otherTransportFailuresAreStillRetried() {
        AtomicInteger attempts = new AtomicInteger();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1));
        FrontendException e = assertThrows(FrontendException.class, () -> policy.execute("dequeue", () -> {
            attempts.incrementAndGet();
            throw new ProcessingException(new ConnectException("Connection refused"));
        }));
        assertEquals(4, attempts.get());
        assertEquals("dequeue: request failed: ConnectException: Connection refused", e.getMessage());
    }
}
