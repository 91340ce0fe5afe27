package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import dev.executor.testing.tls.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged executor against a frontend served over HTTPS with a certificate from a CA made in the test: without
 * the CA it never dequeues and says once, clearly, what is wrong and what to do; with the CA given through
 * {@code EXECUTOR_FRONTEND_CA_CERT} a job (including a file download) completes.
 */
class TlsIT {

    static final String SECRET = "sk-executor-tls-secret-0123456789";
    static final String UNKNOWN_CA = "is signed by an unknown certificate authority";

    @TempDir
    static Path dir;
    static TestPki pki;
    static FakeFrontend frontend;

    @BeforeAll
    static void frontend() {
        pki = TestPki.create(dir.resolve("pki"), "Executor TLS IT CA");
        frontend = FakeFrontend.startHttps(SECRET, pki.serverContext("frontend", "dns:localhost", "ip:127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        if (frontend != null) {
            assertEquals(List.of(), frontend.violations());
            frontend.close();
        }
    }

    @Test
    void withoutTheCaTheExecutorNeverDequeuesAndExplainsOnce() {
        long id = frontend.enqueue("batches", Jobs.job().step("never", "echo should-not-run").json());
        int before = frontend.requests().size();
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches");
        try (ExecutorProcess executor = ExecutorProcess.start("tls-no-ca", env.map())) {
            awaitOutput(executor, UNKNOWN_CA, Duration.ofSeconds(90));
            // The ping retries every second: several more failures must not repeat the message.
            sleep(5_000);
            String out = executor.output();
            assertEquals(1, occurrences(out, UNKNOWN_CA), out);
            String port = Integer.toString(frontend.port());
            assertTrue(out.contains("TLS certificate of 127.0.0.1:" + port + " is signed by an unknown certificate "
                    + "authority (issuer \"CN=Executor TLS IT CA\"): add that CA's certificate (PEM) to the file named "
                    + "by EXECUTOR_FRONTEND_CA_CERT or to the system CA bundle"), out);
            assertFalse(out.contains("PKIX path building failed"), "the JDK's wording is not what the operator reads");
            assertTrue(executor.isAlive(), "the executor keeps trying: " + out);
        }
        assertEquals(State.QUEUED, frontend.job(id).state());
        assertEquals(before, frontend.requests().size(), "no request got past the TLS handshake");
        frontend.cancel(id);
    }

    @Test
    void withTheCaInExecutorFrontendCaCertAJobCompletes() {
        frontend.putFile("batch-changes", "spec-tls/input.txt", "downloaded over TLS".getBytes(StandardCharsets.UTF_8));
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches")
                .with("EXECUTOR_FRONTEND_URL", "https://localhost:" + frontend.port())
                .with("EXECUTOR_FRONTEND_CA_CERT", pki.caPem().toString());
        try (ExecutorProcess executor = ExecutorProcess.start("tls-with-ca", env.map())) {
            long id = frontend.enqueue("batches", Jobs.job()
                    .storeFile("input.txt", "batch-changes", "spec-tls/input.txt", "2024-01-01T00:00:00Z")
                    .step("read", "cat input.txt")
                    .json());
            JobRecord job = frontend.awaitTerminal(id, Duration.ofSeconds(90));
            assertEquals(State.COMPLETED, job.state(), job + "\n" + executor.output());
            String stepOut = job.logEntries().stream().filter(e -> e.get("key").asText().equals("step.docker.read"))
                    .findFirst().orElseThrow().get("out").asText();
            assertTrue(stepOut.contains("stdout: downloaded over TLS"), stepOut);
            assertFalse(executor.output().contains(UNKNOWN_CA), executor.output());
            assertTrue(executor.output().contains("EXECUTOR_FRONTEND_CA_CERT " + pki.caPem() + ": 1 certificate"),
                    "the start-up log names the trust sources: " + executor.output());
            executor.sigterm();
            assertEquals(0, executor.waitFor(Duration.ofSeconds(30)), executor.output());
        }
    }

    static void awaitOutput(ExecutorProcess executor, String text, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        while (!executor.output().contains(text)) {
            if (Instant.now().isAfter(end) || !executor.isAlive()) {
                throw new AssertionError("no \"" + text + "\" in the output:\n" + executor.output());
            }
            sleep(200);
        }
    }

    static int occurrences(String haystack, String needle) {
        int count = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            count++;
        }
        return count;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
