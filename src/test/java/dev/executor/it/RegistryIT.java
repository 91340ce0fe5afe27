package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.LocalRegistry;
import dev.executor.testing.Teardown;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Image pulls against a real registry on loopback with htpasswd authentication: credentials from the
 * job's {@code dockerAuthConfig}, from {@code EXECUTOR_DOCKER_AUTH_CONFIG} and from the host's
 * {@code $HOME/.docker/config.json}; a wrong password; the {@code always} and {@code never} pull policies.
 * No password may show up anywhere: log entries, failure messages, the executor's own log.
 */
class RegistryIT {

    static final String SECRET = "sk-registry-executor-secret-0123456789";
    static final String USER = "ci-puller";
    static final String PASSWORD = "Reg1stry-P@ss-" + UUID.randomUUID();
    static final String WRONG = "wrong-password-" + UUID.randomUUID();
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();

    static LocalRegistry registry;
    static final List<FakeFrontend> frontends = new ArrayList<>();
    static final List<ExecutorProcess> executors = new ArrayList<>();
    static String image;

    @BeforeAll
    static void startRegistry() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-work").toAbsolutePath()), "registry-");
        registry = LocalRegistry.start(dir, USER, PASSWORD);
        image = registry.push(DockerProbe.TEST_IMAGE, "executor-test/pulled", "t" + System.nanoTime());
    }

    @AfterAll
    static void stop() {
        for (ExecutorProcess executor : executors) {
            Teardown.stop(executor, null);
            for (String leak : List.of(PASSWORD, WRONG, SECRET, b64(USER + ":" + PASSWORD))) {
                assertFalse(executor.output().contains(leak), "the executor's own log has a secret");
            }
        }
        for (FakeFrontend frontend : frontends) {
            Teardown.stop(null, frontend);
        }
        if (registry != null) {
            registry.close();
        }
        if (image != null) {
            LocalRegistry.removeLocal(image);
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** An executor with its own fake frontend, so it alone serves the jobs a test gives it. */
    static FakeFrontend startExecutor(String name, String... envPairs) throws Exception {
        FakeFrontend frontend = FakeFrontend.start(SECRET);
        frontends.add(frontend);
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches");
        for (int i = 0; i < envPairs.length; i += 2) {
            env.with(envPairs[i], envPairs[i + 1]);
        }
        ExecutorProcess executor = ExecutorProcess.start("registry-" + name, env.map());
        executors.add(executor);
        executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
        return frontend;
    }

    /** Runs a job after removing the engine's copy of the image, and checks no password reached the frontend. */
    static JobRecord run(FakeFrontend frontend, Jobs job) {
        LocalRegistry.removeLocal(image);
        return runAsIs(frontend, job);
    }

    static JobRecord runAsIs(FakeFrontend frontend, Jobs job) {
        JobRecord record = frontend.awaitTerminal(frontend.enqueue("batches", job.json()), JOB_TIMEOUT);
        String all = record.logEntries().toString() + record.failureMessage();
        for (String leak : List.of(PASSWORD, WRONG, b64(USER + ":" + PASSWORD), b64(USER + ":" + WRONG))) {
            assertFalse(all.contains(leak), "a password reached the frontend: " + all);
        }
        return record;
    }

    static Jobs pullJob() {
        return Jobs.job().step("pulled", image, "", List.of(), "echo ran in pulled image");
    }

    static JsonNode auth(String password) throws Exception {
        return JSON.readTree(registry.authConfigJson(password));
    }

    static JsonNode stepEntry(JobRecord job) {
        return job.logEntries().stream().filter(e -> e.get("key").asText().equals("step.docker.pulled")).findFirst()
                .orElseThrow(() -> new AssertionError(job.toString()));
    }

    /** HOME with a docker config holding the right credentials: the last resort, overridden by the job's own. */
    static Path homeWithDockerConfig(String json) throws Exception {
        Path home = Files.createTempDirectory(Path.of("target", "it-work").toAbsolutePath(), "home-");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), json);
        return home;
    }

    @Test
    void jobCredentialsPullAndWinOverTheHostConfig() throws Exception {
        FakeFrontend frontend = startExecutor("job-auth",
                "HOME", homeWithDockerConfig(registry.authConfigJson(PASSWORD)).toString());

        JobRecord ok = run(frontend, pullJob().set("dockerAuthConfig", auth(PASSWORD)));
        assertEquals(State.COMPLETED, ok.state(), ok.toString());
        JsonNode entry = stepEntry(ok);
        String out = entry.get("out").asText();
        assertTrue(out.startsWith("stderr: Unable to find image '" + image + "' locally\n"), out);
        assertTrue(out.contains(": Pull complete\n"), "compact pull progress in the step's entry: " + out);
        assertTrue(out.contains("stderr: Status: Downloaded newer image for " + image + "\n"), out);
        assertTrue(out.contains("stdout: ran in pulled image\n"), out);
        int layers = out.split(": Pull complete\n", -1).length - 1;
        assertTrue(out.split(": Downloading\n", -1).length - 1 <= layers, "one Downloading line per layer: " + out);
        List<String> command = new ArrayList<>();
        entry.get("command").forEach(c -> command.add(c.asText()));
        assertEquals(List.of("docker", "--config", "<the job's dockerAuthConfig>", "run", "--rm"), command.subList(0, 5));

        JobRecord wrong = run(frontend, pullJob().set("dockerAuthConfig", auth(WRONG)));
        assertEquals(State.FAILED, wrong.state(), wrong.toString());
        String message = wrong.failureMessage();
        assertTrue(message.startsWith("running command \"step.docker.pulled\": pulling image \"" + image
                + "\" from registry " + registry.host() + " with credentials for " + registry.host()
                + " from the job's dockerAuthConfig failed: "), message);
        assertTrue(message.toLowerCase().contains("unauthorized") || message.contains("no basic auth credentials"),
                "the registry's reason: " + message);

        // No job credentials: the host's config applies (and is not shown as --config, as in Sourcegraph).
        JobRecord host = run(frontend, pullJob());
        assertEquals(State.COMPLETED, host.state(), host.toString());
        assertFalse(stepEntry(host).get("command").toString().contains("--config"), host.toString());
    }

    @Test
    void executorCredentialsPullWithPolicyAlways() throws Exception {
        FakeFrontend frontend = startExecutor("executor-auth",
                "EXECUTOR_DOCKER_AUTH_CONFIG", registry.authConfigJson(PASSWORD),
                "EXECUTOR_DOCKER_PULL_POLICY", "always");
        JobRecord first = run(frontend, pullJob());
        assertEquals(State.COMPLETED, first.state(), first.toString());
        assertTrue(stepEntry(first).get("command").toString().contains("\"--config\",\"<EXECUTOR_DOCKER_AUTH_CONFIG>\""),
                first.toString());

        // Present now, and "always" still asks the registry.
        JobRecord again = runAsIs(frontend, pullJob());
        assertEquals(State.COMPLETED, again.state(), again.toString());
        String out = stepEntry(again).get("out").asText();
        assertTrue(out.contains("stderr: Status: Image is up to date for " + image + "\n"), out);
        assertFalse(out.contains("Unable to find image"), out);

        // A job whose own credentials are wrong does not fall back to the executor's.
        JobRecord wrong = run(frontend, pullJob().set("dockerAuthConfig", auth(WRONG)));
        assertEquals(State.FAILED, wrong.state(), wrong.toString());
        assertTrue(wrong.failureMessage().contains("from the job's dockerAuthConfig failed"), wrong.failureMessage());
    }

    @Test
    void neverPolicyRefusesToPullAMissingImage() throws Exception {
        FakeFrontend frontend = startExecutor("never", "EXECUTOR_DOCKER_PULL_POLICY", "never",
                "EXECUTOR_DOCKER_AUTH_CONFIG", registry.authConfigJson(PASSWORD));
        JobRecord job = run(frontend, pullJob());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("running command \"step.docker.pulled\": image \"" + image + "\" is not present and "
                + "EXECUTOR_DOCKER_PULL_POLICY=never forbids pulling it", job.failureMessage());
        JobRecord present = runAsIs(frontend, Jobs.job().step("local", "echo local image"));
        assertEquals(State.COMPLETED, present.state(), "a present image runs under never: " + present);
    }
}
