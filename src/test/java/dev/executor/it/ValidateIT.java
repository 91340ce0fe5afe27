package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.frontend.FakeFrontend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code executor validate} as an operator runs it, against the fake frontend and the real Docker engine and
 * git: everything passes when the setup is right, and each common mistake fails with its own line and fix.
 */
class ValidateIT {

    static final String SECRET = "sk-validate-secret-0123456789";

    static FakeFrontend frontend;
    static Path fakeBin;

    @BeforeAll
    static void start() throws IOException {
        frontend = FakeFrontend.start(SECRET);
        frontend.addRoute("/.api/src-cli/version",
                ex -> ex.respondJson(200, "{\"version\":\"5.3.2\"}"));
        fakeBin = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "fake-src-");
        writeSrc("5.3.2");
    }

    @AfterAll
    static void stop() {
        frontend.close();
    }

    /** A stand-in src-cli: only {@code src version -client-only} is asked by validate. */
    static void writeSrc(String version) throws IOException {
        Path src = fakeBin.resolve("src");
        Files.writeString(src, "#!/bin/sh\necho \"Current version: " + version + "\"\n");
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static ExecutorEnv env() {
        return ExecutorEnv.forFrontend(frontend, "batches")
                .with("PATH", fakeBin + ":" + System.getenv("PATH"))
                .with("LC_ALL", "C.UTF-8");
    }

    record Result(int exitCode, List<String> lines, String output) {
        String line(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in:\n" + output));
        }
    }

    static Result validate(ExecutorEnv env) {
        try (ExecutorProcess p = ExecutorProcess.start("validate", env.map(), "validate")) {
            int code = p.waitFor(Duration.ofSeconds(90));
            String output = p.output();
            assertFalse(output.contains(SECRET), "the secret was printed:\n" + output);
            return new Result(code, output.lines().toList(), output);
        }
    }

    @Test
    void everythingRightPassesEveryCheck() {
        Result r = validate(env());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("All checks passed!", r.lines().get(r.lines().size() - 1), r.output());
        for (String check : List.of("\u2713 configuration: valid", "\u2713 docker: engine ", "\u2713 job resources: 1 CPU(s)",
                "\u2713 git: version ", "\u2713 src: version 5.3.2 matches", "\u2713 frontend: authenticated at "
                        + frontend.url(), "\u2713 disk: ")) {
            r.line(check);
        }
        assertEquals(8, r.lines().size(), "one line per check and the summary:\n" + r.output());
    }

    @Test
    void withoutAUtf8LocaleTheMarksAreWords() {
        Result r = validate(env().with("LC_ALL", null).with("EXECUTOR_FRONTEND_PASSWORD", "not-the-site-config-token"));
        assertEquals(1, r.exitCode(), r.output());
        r.line("OK configuration: valid");
        r.line("FAIL frontend auth: 401 ");
        assertTrue(r.output().chars().allMatch(c -> c < 128), r.output());
    }

    @Test
    void wrongSecretExplainsTheAccessToken() {
        Result r = validate(env().with("EXECUTOR_FRONTEND_PASSWORD", "not-the-site-config-token"));
        assertEquals(1, r.exitCode(), r.output());
        String line = r.line("\u2717 frontend auth: 401 from " + frontend.url() + "/.executors/test/auth");
        assertTrue(line.contains("fix: set executors.accessToken in the site configuration to the value of "
                + "EXECUTOR_FRONTEND_PASSWORD"), line);
        assertFalse(r.output().contains("not-the-site-config-token"));
        assertEquals("1 check failed.", r.lines().get(r.lines().size() - 1));
    }

    @Test
    void unconfiguredInstanceSaysSo() {
        try (FakeFrontend unconfigured = FakeFrontend.start("")) {
            Result r = validate(env().with("EXECUTOR_FRONTEND_URL", unconfigured.url().toString()));
            assertEquals(1, r.exitCode(), r.output());
            r.line("\u2717 frontend auth: 500 from " + unconfigured.url()
                    + "/.executors/test/auth: executors are not configured on this instance");
        }
    }

    @Test
    void unreachableFrontendIsReportedWithTheUrl() {
        String url = "http://127.0.0.1:" + ExecutorProcess.freePort();
        Result r = validate(env().with("EXECUTOR_FRONTEND_URL", url));
        assertEquals(1, r.exitCode(), r.output());
        String line = r.line("\u2717 frontend: cannot reach " + url + "/.executors/test/auth: connection refused");
        assertTrue(line.contains("fix: check EXECUTOR_FRONTEND_URL"), line);
    }

    @Test
    void dockerDownIsItsOwnFailure() {
        Result r = validate(env().with("DOCKER_HOST", "unix:///nonexistent/docker.sock"));
        assertEquals(1, r.exitCode(), r.output());
        String line = r.line("\u2717 docker: cannot reach the engine at unix:///nonexistent/docker.sock");
        assertTrue(line.contains("fix: start the Docker engine"), line);
        r.line("\u2713 frontend: authenticated");
        assertEquals("1 check failed.", r.lines().get(r.lines().size() - 1));
    }

    @Test
    void misconfigurationsAreListedTogetherAndTheOtherChecksStillRun() {
        Result r = validate(env()
                .with("EXECUTOR_FRONTEND_URL", "127.0.0.1:" + frontend.port())
                .with("EXECUTOR_QUEUE_NAME", "batch")
                .with("EXECUTOR_QUEUE_POLL_INTERVAL", "5"));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.line("\u2717 configuration: EXECUTOR_FRONTEND_URL=").endsWith(
                "fix: add the scheme: EXECUTOR_FRONTEND_URL=https://127.0.0.1:" + frontend.port()), r.output());
        r.line("\u2717 configuration: EXECUTOR_QUEUE_NAME=\"batch\"");
        assertTrue(r.line("\u2717 configuration: EXECUTOR_QUEUE_POLL_INTERVAL=\"5\"").endsWith(
                "fix: add a unit: EXECUTOR_QUEUE_POLL_INTERVAL=5s (or ms, m, h)"));
        r.line("\u2713 docker: engine ");
        r.line("\u2713 git: version ");
        r.line("- frontend: skipped: fix the configuration first");
        assertEquals("3 checks failed.", r.lines().get(r.lines().size() - 1));
    }

    @Test
    void tooManyCpusForTheDockerHostFails() {
        Result r = validate(env().with("EXECUTOR_JOB_NUM_CPUS", "100000"));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.line("\u2717 job resources: EXECUTOR_JOB_NUM_CPUS=100000 but the Docker host has ")
                .contains("fix: set EXECUTOR_JOB_NUM_CPUS to "), r.output());
    }

    @Test
    void srcFromAnotherMinorVersionFailsAndAMissingSrcOnlyWarns() throws IOException {
        writeSrc("5.2.9");
        try {
            Result r = validate(env());
            assertEquals(1, r.exitCode(), r.output());
            r.line("\u2717 src: version 5.2.9 but the instance recommends 5.3.2");
        } finally {
            writeSrc("5.3.2");
        }
        Result missing = validate(env().with("PATH", "/usr/bin:/bin"));
        assertEquals(0, missing.exitCode(), missing.output());
        missing.line("! src: not found on PATH");
        assertEquals("All checks passed! (1 warning)", missing.lines().get(missing.lines().size() - 1));
    }
}
