package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code executor run-job} on the shipped examples and on edge cases, as a child process with no frontend: the
 * README's "run the main job" command is what runs here.
 */
class RunJobIT {

    static Path repo;

    final String hostname = "runjob-it-" + UUID.randomUUID().toString().substring(0, 8);
    final ExecutorEnv env = ExecutorEnv.withoutFrontend().with("HOSTNAME", hostname);

    /** A small git repository to clone from, standing in for the one the payload names. */
    @BeforeAll
    static void repository() throws Exception {
        repo = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "runjob-repo-");
        Files.createDirectories(repo.resolve("src/main/java/demo"));
        Files.writeString(repo.resolve("README.md"), "demo\n");
        Files.writeString(repo.resolve("src/main/java/demo/A.java"), "class A {}\n");
        Files.writeString(repo.resolve("src/main/java/demo/B.java"), "class B {}\n");
        git("init", "-q");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "demo");
    }

    static void git(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-C", repo.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, argv.toString());
    }

    record Run(int exitCode, String output) {
    }

    Run runJob(Path stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("run-job"));
        all.addAll(List.of(args));
        try (ExecutorProcess p = ExecutorProcess.start("run-job", env.map(), stdin, all.toArray(String[]::new))) {
            return new Run(p.waitFor(Duration.ofSeconds(120)), p.output());
        }
    }

    Run runJob(String... args) {
        return runJob(null, args);
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        List<Container> ours = DockerProbe.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.executor.executor-name")).exec().stream()
                .filter(c -> c.getLabels().get("dev.executor.executor-name").startsWith(hostname + "-")).toList();
        assertEquals(List.of(), ours, "containers left behind");
        if (Files.isDirectory(env.workspaces())) {
            try (Stream<Path> left = Files.list(env.workspaces())) {
                assertEquals(List.of(), left.toList(), "workspaces left behind");
            }
        }
    }

    @Test
    void indexingExampleCompletes() {
        Run r = runJob("--repo", repo.toString(), "examples/indexing.json");
        assertEquals(0, r.exitCode(), r.output());
        for (String header : List.of("==> setup.git.init: git -C ", "==> setup.git.fetch: git -C ",
                "==> setup.git.checkout: ", "==> setup.fs.extras", "==> step.docker.pre-index.0: docker run ",
                "==> step.docker.indexer: docker run ", "==> step.docker.upload: docker run ", "==> teardown.fs")) {
            assertTrue(r.output().contains(header), "missing " + header + " in\n" + r.output());
        }
        assertTrue(r.output().contains("stdout: indexed 2 Java files into index.scip"), r.output());
        assertTrue(r.output().contains("<== step.docker.upload: exit code 0 after "), r.output());
        assertTrue(r.output().contains("stdout: to https://sourcegraph.example.com with header token-executor REDACTED"));
        assertFalse(r.output().contains("example-shared-token"), "redactedValues apply on the terminal too");
        assertTrue(r.output().contains("Job 201 completed in "), r.output());
    }

    @Test
    void batchChangeExampleCompletesWithItsStepResultAndSecretRedacted() {
        Run r = runJob("--repo", repo.toString(), "examples/batch-change.json");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("==> step.docker.step.0.pre: "), r.output());
        assertTrue(r.output().contains("stderr: the step got its secret: ${{ secrets.GREETING_TOKEN }}"), r.output());
        assertFalse(r.output().contains("tok_example_secret_123"));
        assertTrue(r.output().contains("stdout: +"), "the post step shows the change:\n" + r.output());
        assertTrue(r.output().contains("./CHANGES-FROM-BATCH.md"), r.output());
        assertTrue(r.output().contains("stdout: {\"operation\":\"CACHE_AFTER_STEP_RESULT\""), r.output());
        assertTrue(r.output().contains("Job 101 completed in "), r.output());
    }

    @Test
    void failingExampleExitsNonZeroAndStopsAtTheFailedStep() {
        Run r = runJob("examples/failing.json");
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("stdout: this job fails on purpose"), r.output());
        assertTrue(r.output().contains("<== step.docker.fail: exit code 3 after "), r.output());
        assertFalse(r.output().contains("==> step.docker.never"), r.output());
        assertTrue(r.output().contains(
                "Job 301 errored: running command \"step.docker.fail\": command failed with exit code 3"), r.output());
    }

    @Test
    void stdinPayloadKeepWorkspaceAndNoHttpListener() throws Exception {
        Path payload = Files.createTempFile(Path.of("target").toAbsolutePath(), "payload-", ".json");
        Files.writeString(payload, Jobs.job().set("id", 77).file("in.txt", "from stdin")
                .step("wait", "cat in.txt", "sleep 4").json(), StandardCharsets.UTF_8);
        try (ExecutorProcess p = ExecutorProcess.start("run-job-stdin", env.map(), payload, "run-job", "--keep", "-")) {
            Instant end = Instant.now().plusSeconds(60);
            while (!p.output().contains("==> step.docker.wait") && Instant.now().isBefore(end) && p.isAlive()) {
                Thread.sleep(100);
            }
            assertTrue(p.output().contains("==> step.docker.wait"), p.output());
            assertEquals(0, p.get("/q/health/live").status(), "run-job must not serve HTTP");
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)), p.output());
            assertTrue(p.output().contains("Preserving workspace ("), p.output());
        }
        List<Path> kept;
        try (Stream<Path> s = Files.list(env.workspaces())) {
            kept = s.toList();
        }
        assertEquals(1, kept.size(), kept.toString());
        assertTrue(kept.get(0).getFileName().toString().startsWith("workspace-77-"));
        assertEquals("from stdin", Files.readString(kept.get(0).resolve("in.txt")));
        try (Stream<Path> walk = Files.walk(kept.get(0))) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void aPayloadNamingARepositoryNeedsRepo() {
        Run r = runJob("examples/indexing.json");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("executor run-job: job 201 clones repository \"github.com/example/executor\": "
                + "pass --repo DIR"), r.output());
    }

    @Test
    void unreadablePayloadAndBadConfigurationRunNothing() throws IOException {
        Path bad = Files.createTempFile(Path.of("target").toAbsolutePath(), "bad-", ".json");
        Files.writeString(bad, "{\"id\": 1, \"dockerSteps\": [");
        Run broken = runJob(bad.toString());
        assertEquals(2, broken.exitCode(), broken.output());
        assertTrue(broken.output().contains("executor run-job: job payload " + bad + ": not a valid job: "),
                broken.output());

        Run missing = runJob("examples/no-such-file.json");
        assertEquals(2, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("job payload examples/no-such-file.json: no such file"), missing.output());

        env.with("EXECUTOR_JOB_MEMORY", "lots");
        Run config = runJob("examples/failing.json");
        assertEquals(2, config.exitCode(), config.output());
        assertTrue(config.output().contains("EXECUTOR_JOB_MEMORY=\"lots\": expected "), config.output());
        assertFalse(config.output().contains("==> "), "nothing ran");
    }
}
