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
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
            Vertx vertx = Vertx.vertx();
            io.vertx.core.http.HttpClient client = vertx.createHttpClient(untrusting.applyTo(new HttpClientOptions()));
            AtomicInteger attempts = new AtomicInteger();
            RetryPolicy policy = new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1));
            FrontendException e;
            try {
                // The product's HTTP stack: a Vert.x client with the transport's trust, as under the REST client.
                e = assertThrows(FrontendException.class, () -> policy.apply("heartbeat", Uni.createFrom()
                        .deferred(() -> {
                            attempts.incrementAndGet();
                            return Uni.createFrom().completionStage(() -> client.request(HttpMethod.GET,
                                    url.getPort(), url.getHost(), "/").compose(r -> r.send()).toCompletionStage());
                        }), new RetryPolicy.Answer<io.vertx.core.http.HttpClientResponse>() {
                            @Override
                            public int status(io.vertx.core.http.HttpClientResponse response) {
                                return response.statusCode();
                            }

                            @Override
                            public String retryAfter(io.vertx.core.http.HttpClientResponse response) {
                                return null;
                            }

                            @Override
                            public void discard(io.vertx.core.http.HttpClientResponse response) {
                            }
                        }).await().indefinitely());
            } finally {
                vertx.close();
            }
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
        FrontendException e = assertThrows(FrontendException.class, () -> policy.apply("dequeue",
                Uni.createFrom().<jakarta.ws.rs.core.Response>item(() -> {
                    attempts.incrementAndGet();
                    throw new ProcessingException(new ConnectException("Connection refused"));
                })).await().indefinitely());
        assertEquals(4, attempts.get());
        assertEquals("dequeue: request failed: ConnectException: Connection refused", e.getMessage());
    }
}
