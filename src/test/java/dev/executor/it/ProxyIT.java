package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import dev.executor.testing.frontend.RecordedRequest;
import dev.executor.testing.proxy.TestForwardProxy;
import dev.executor.testing.tls.TestPki;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged executor behind a real forward proxy on loopback. The frontend is addressed as
 * {@value #HOST}, a name no resolver knows ({@code .invalid} is reserved) that only the proxy maps to the fake
 * frontend on 127.0.0.1: every request that reaches the frontend has therefore gone through the proxy, and the proxy's
 * log shows each one. With the frontend's host in {@code NO_PROXY} the proxy sees nothing.
 */
class ProxyIT {

    static final String HOST = "frontend.executor-test.invalid";
    static final String SECRET = "sk-executor-proxy-secret-0123456789";
    static final String PROXY_USER = "proxy-user";
    static final String PROXY_PASSWORD = "proxy-pass-7a9c41e2";

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir.resolve("pki"), "Executor Proxy IT CA");
    }

    @Test
    void theProxiedNameDoesNotResolveWithoutTheProxy() {
        assertThrows(UnknownHostException.class, () -> InetAddress.getByName(HOST));
    }

    @Test
    void httpsFrontendThroughAnAuthenticatingProxyRunsAJob() {
        try (FakeFrontend frontend = FakeFrontend.startHttps(SECRET, pki.serverContext("proxied", "dns:" + HOST));
             TestForwardProxy proxy = TestForwardProxy.start(Map.of(HOST, "127.0.0.1"), PROXY_USER, PROXY_PASSWORD)) {
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches")
                    .with("EXECUTOR_FRONTEND_URL", frontend.url(HOST).toString())
                    .with("EXECUTOR_FRONTEND_CA_CERT", pki.caPem().toString())
                    .with("https_proxy", "http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port());
            ExecutorProcess executor = ExecutorProcess.start("proxy-https", env.map());
            try (executor) {
                JobRecord job = runJobWithAFile(frontend, executor);
                assertEquals(State.COMPLETED, job.state(), job + "\n" + executor.output());
                executor.sigterm();
                assertEquals(0, executor.waitFor(Duration.ofSeconds(30)), executor.output());
            }
            String target = HOST + ":" + frontend.port();
            List<TestForwardProxy.Request> tunnels = proxy.requests();
            tunnels.forEach(r -> assertEquals(target, r.target(), tunnels.toString()));
            tunnels.forEach(r -> assertEquals("CONNECT", r.method(), tunnels.toString()));
            // The queue client (Vert.x) and the files client (JDK) each opened at least one authorized tunnel.
            assertTrue(tunnels.stream().filter(TestForwardProxy.Request::authorized).count() >= 2, tunnels.toString());
            assertTrue(frontend.requests("/.executors/files/batch-changes/spec-proxy/input.txt").size() == 1);
            assertCredentialsNeverShown(executor);
            assertTrue(executor.output().contains("proxy: through http://********@127.0.0.1:" + proxy.port()
                    + " (from https_proxy)"), executor.output());
            assertEquals(List.of(), frontend.violations());
        }
    }

    @Test
    void httpFrontendRequestsAreForwardedOneByOneThroughTheProxy() {
        try (FakeFrontend frontend = FakeFrontend.start(SECRET);
             TestForwardProxy proxy = TestForwardProxy.start(Map.of(HOST, "127.0.0.1"), PROXY_USER, PROXY_PASSWORD)) {
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches")
                    .with("EXECUTOR_FRONTEND_URL", frontend.url(HOST).toString())
                    .with("HTTP_PROXY", PROXY_USER + ":" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port());
            ExecutorProcess executor = ExecutorProcess.start("proxy-http", env.map());
            try (executor) {
                JobRecord job = runJobWithAFile(frontend, executor);
                assertEquals(State.COMPLETED, job.state(), job + "\n" + executor.output());
                executor.sigterm();
                assertEquals(0, executor.waitFor(Duration.ofSeconds(30)), executor.output());
            }
            // Each request the frontend answered is one the proxy forwarded, and the proxy forwarded nothing else.
            List<String> forwarded = proxy.requests().stream().filter(TestForwardProxy.Request::authorized)
                    .map(r -> r.method() + " " + URI.create(r.target()).getPath()).sorted().toList();
            List<String> answered = frontend.requests().stream().map(ProxyIT::methodAndPath).sorted().toList();
            assertEquals(answered, forwarded);
            assertTrue(answered.size() >= 5, answered.toString());
            proxy.requests().forEach(r -> assertTrue(r.target().startsWith("http://" + HOST + ":" + frontend.port() + "/"),
                    r.toString()));
            assertCredentialsNeverShown(executor);
            assertEquals(List.of(), frontend.violations());
        }
    }

    @Test
    void withTheFrontendInNoProxyNothingGoesThroughTheProxy() {
        try (FakeFrontend frontend = FakeFrontend.startHttps(SECRET, pki.serverContext("bypassed", "dns:" + HOST));
             TestForwardProxy proxy = TestForwardProxy.start(Map.of(HOST, "127.0.0.1"), null, null)) {
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches")
                    .with("EXECUTOR_FRONTEND_URL", frontend.url(HOST).toString())
                    .with("EXECUTOR_FRONTEND_CA_CERT", pki.caPem().toString())
                    .with("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port())
                    .with("NO_PROXY", "localhost, .executor-test.invalid");
            try (ExecutorProcess executor = ExecutorProcess.start("proxy-bypassed", env.map())) {
                // Direct means the executor resolves the name itself, which fails: the ping keeps failing.
                TlsIT.awaitOutput(executor, "Waiting for the frontend to accept this executor", Duration.ofSeconds(90));
                TlsIT.sleep(3_000);
                assertTrue(executor.output().contains("proxy: direct (" + HOST
                        + ": NO_PROXY entry \".executor-test.invalid\" matches)"), executor.output());
                assertTrue(executor.output().contains(HOST), executor.output());
            }
            assertEquals(List.of(), proxy.requests());
            assertEquals(List.of(), frontend.requests());
        }
    }

    static JobRecord runJobWithAFile(FakeFrontend frontend, ExecutorProcess executor) {
        frontend.putFile("batch-changes", "spec-proxy/input.txt", "fetched via the proxy".getBytes(StandardCharsets.UTF_8));
        long id = frontend.enqueue("batches", Jobs.job()
                .storeFile("input.txt", "batch-changes", "spec-proxy/input.txt", "2024-01-01T00:00:00Z")
                .step("read", "cat input.txt")
                .json());
        JobRecord job = frontend.awaitTerminal(id, Duration.ofSeconds(90));
        String out = job.logEntries().stream().filter(e -> e.get("key").asText().equals("step.docker.read"))
                .findFirst().map(e -> e.get("out").asText()).orElse("no step entry: " + job + "\n" + executor.output());
        assertTrue(out.contains("stdout: fetched via the proxy"), out);
        return job;
    }

    static void assertCredentialsNeverShown(ExecutorProcess executor) {
        String out = executor.output();
        assertFalse(out.contains(PROXY_PASSWORD), "the proxy password is in the executor's output:\n" + out);
        assertFalse(out.contains(PROXY_USER), "the proxy user is in the executor's output:\n" + out);
        assertFalse(out.contains(SECRET), "the frontend secret is in the executor's output");
    }

    static String methodAndPath(RecordedRequest r) {
        return r.method() + " " + r.path();
    }
}
