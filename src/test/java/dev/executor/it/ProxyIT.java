package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.GitRepos;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import dev.executor.testing.frontend.RecordedRequest;
import dev.executor.testing.proxy.TestForwardProxy;
import dev.executor.testing.proxy.TinyProxy;
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

    /**
     * Debian's tinyproxy answers every request with {@code Connection: close} and closes the connection, as many
     * corporate proxies do. The git proxy's upstream must never send on such a connection after it is closed (git got
     * a 502 and the clone failed, timing-dependent): 20 clones in a row, each of several requests, must all succeed.
     * tinyproxy resolves names itself, so it reaches the unresolvable frontend name through the test proxy upstream of
     * it; the executor only ever talks to tinyproxy.
     */
    @Test
    void clonesThroughAProxyThatClosesEveryConnectionSucceedEveryTime() {
        GitRepos repos = GitRepos.create();
        String repo = "github.com/acme/closing";
        String commit = repos.repo(repo).commit("first", Map.of("README", "through tinyproxy\n", "a/b.txt", "b\n"));
        try (FakeFrontend frontend = FakeFrontend.start(SECRET);
             TestForwardProxy resolver = TestForwardProxy.start(Map.of(HOST, "127.0.0.1"), null, null);
             TinyProxy tinyproxy = TinyProxy.start(resolver.port())) {
            frontend.serveGit(repos.projectRoot(), HOST);
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches")
                    .with("EXECUTOR_FRONTEND_URL", frontend.url(HOST).toString())
                    .with("HTTP_PROXY", "http://127.0.0.1:" + tinyproxy.port())
                    .with("EXECUTOR_MAXIMUM_NUM_JOBS", "2");
            try (ExecutorProcess executor = ExecutorProcess.start("proxy-tinyproxy", env.map())) {
                executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
                List<Long> ids = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    ids.add(frontend.enqueue("batches", Jobs.job().set("repositoryName", repo).set("commit", commit)
                            .set("shallowClone", i % 2 == 0).json()));
                }
                for (long id : ids) {
                    JobRecord job = frontend.awaitTerminal(id, Duration.ofSeconds(120));
                    assertEquals(State.COMPLETED, job.state(), job + "\n" + job.logEntries() + "\n"
                            + tail(executor.output()));
                }
                // No git request failed: the ones sent on a connection tinyproxy had closed were sent again.
                assertFalse(java.util.regex.Pattern.compile("git proxy for \\S+: \\S+ \\S+ failed")
                        .matcher(executor.output()).find(), tail(executor.output()));
                executor.sigterm();
                assertEquals(0, executor.waitFor(Duration.ofSeconds(30)), tail(executor.output()));
            }
            long uploadPacks = tinyproxy.requests().stream().filter(r -> r.contains("/git-upload-pack")).count();
            assertTrue(uploadPacks >= 20, "every fetch went through tinyproxy: " + tinyproxy.requests());
            assertEquals(List.of(), frontend.violations());
        }
    }

    static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 6000));
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
