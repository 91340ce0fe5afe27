package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.frontend.FakeFrontend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged executors on one host: the second one's port clash names the address, the port and the variable
 * to change, and {@code QUARKUS_HTTP_PORT} moves it, over {@code EXECUTOR_HTTP_PORT}.
 */
class HttpPortIT {

    static final String SECRET = "sk-http-port-secret";
    static final Duration START = Duration.ofSeconds(60);

    static FakeFrontend frontend;
    static ExecutorProcess first;

    @BeforeAll
    static void startFirst() {
        frontend = FakeFrontend.start(SECRET);
        first = ExecutorProcess.start("http-port-first", ExecutorEnv.forFrontend(frontend, "batches").map());
        first.awaitHttp200("/q/health/live", START);
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (frontend != null) {
            frontend.close();
        }
    }

    @Test
    void aClashNamesTheAddressThePortAndTheVariable() {
        int port = first.httpPort();
        try (ExecutorProcess second = ExecutorProcess.start("http-port-clash", ExecutorEnv.forFrontend(frontend, "batches")
                .with("EXECUTOR_HTTP_PORT", Integer.toString(port)).map())) {
            int exit = second.waitFor(START);
            String out = second.output();
            assertNotEquals(0, exit, out);
            assertTrue(out.contains("executor: cannot listen for health and metrics on 127.0.0.1:" + port), out);
            assertTrue(out.contains("set EXECUTOR_HTTP_PORT to a free port"), out);
        }
        assertTrue(first.isAlive(), "the first executor keeps running");
    }

    @Test
    void aClashOnQuarkusHttpPortNamesThatVariable() {
        int port = first.httpPort();
        try (ExecutorProcess second = ExecutorProcess.start("http-port-clash-quarkus", ExecutorEnv.forFrontend(frontend,
                "batches").with("QUARKUS_HTTP_PORT", Integer.toString(port)).map())) {
            int exit = second.waitFor(START);
            String out = second.output();
            assertNotEquals(0, exit, out);
            assertTrue(out.contains("on 127.0.0.1:" + port + " ") && out.contains("set QUARKUS_HTTP_PORT to a free port"),
                    out);
        }
    }

    @Test
    void quarkusHttpPortWinsOverExecutorHttpPort() throws Exception {
        int free = ExecutorProcess.freePort();
        // EXECUTOR_HTTP_PORT is the first executor's: only QUARKUS_HTTP_PORT lets the second one start.
        try (ExecutorProcess second = ExecutorProcess.start("http-port-quarkus", ExecutorEnv.forFrontend(frontend,
                "batches").with("EXECUTOR_HTTP_PORT", Integer.toString(first.httpPort()))
                .with("QUARKUS_HTTP_PORT", Integer.toString(free)).map())) {
            Instant end = Instant.now().plus(START);
            int status = 0;
            while (status != 200 && Instant.now().isBefore(end)) {
                assertTrue(second.isAlive(), second.output());
                status = live(free);
                if (status != 200) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, status, second.output());
        }
    }

    static int live(int port) throws InterruptedException {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/health/live")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }
}
