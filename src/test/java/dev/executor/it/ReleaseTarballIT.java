package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.Command;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.ReleaseTarball;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * target/sourcegraph-executor.tar.gz as an operator installs it (docs/deployment.md): unpacked with tar into
 * a prefix standing for /opt/sourcegraph, then every command run through that prefix's bin/executor. The
 * tarball is whatever the build made: the JVM launcher here, the native executable with -Dnative.
 */
class ReleaseTarballIT {

    static final String SECRET = "sk-tarball-secret-0123456789";
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    static Path prefix;
    static FakeFrontend frontend;

    @BeforeAll
    static void install() {
        prefix = ReleaseTarball.unpack();
        frontend = FakeFrontend.start(SECRET);
    }

    @AfterAll
    static void stop() {
        if (frontend != null) {
            assertEquals(List.of(), frontend.violations());
            frontend.close();
        }
    }

    static Path executable() {
        return prefix.resolve("bin/executor");
    }

    static boolean jvmBuild() {
        return Files.isDirectory(prefix.resolve("lib/quarkus-app"));
    }

    /** The child's whole environment: {@code vars} plus what a login shell would have (PATH, HOME). */
    static Map<String, String> withBasics(Map<String, String> vars) {
        Map<String, String> env = new HashMap<>();
        for (String k : List.of("PATH", "HOME", "USER", "DOCKER_HOST")) {
            if (System.getenv(k) != null) {
                env.put(k, System.getenv(k));
            }
        }
        env.putAll(vars);
        return env;
    }

    static Command.Result executor(Path dir, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(executable().toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, dir, withBasics(env), COMMAND_TIMEOUT);
    }

    /** An environment with a state and workspace directory and small job limits, without a frontend. */
    static ExecutorEnv localEnv() {
        return ExecutorEnv.forFrontend(frontend, "batches").with("EXECUTOR_FRONTEND_URL", null)
                .with("EXECUTOR_FRONTEND_PASSWORD", null).with("EXECUTOR_QUEUE_NAME", null);
    }

    @Test
    void unpacksToTheDocumentedLayoutOwnedByRoot() throws IOException {
        Command.Result listing = Command.run(List.of("tar", "--numeric-owner", "-tvzf", ReleaseTarball.PATH.toString()));
        assertEquals(0, listing.exitCode(), listing.toString());
        listing.output().lines().forEach(line -> assertTrue(line.split("\\s+")[1].equals("0/0"), "not root's: " + line));

        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(executable())));
        Path env = prefix.resolve("etc/executor.env");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)),
                "the env file will hold the frontend password");
        assertArrayEquals(Files.readAllBytes(Path.of("systemd/executor.env")), Files.readAllBytes(env));
        assertArrayEquals(Files.readAllBytes(Path.of("systemd/sourcegraph-executor.service")),
                Files.readAllBytes(prefix.resolve("lib/systemd/sourcegraph-executor.service")));
        assertArrayEquals(Files.readAllBytes(Path.of("docs/deployment.md")),
                Files.readAllBytes(prefix.resolve("share/doc/deployment.md")));
        for (String example : List.of("indexing.json", "failing.json", "batch-change.json")) {
            assertArrayEquals(Files.readAllBytes(Path.of("examples", example)),
                    Files.readAllBytes(prefix.resolve("share/examples").resolve(example)), example);
        }
        if (jvmBuild()) {
            assertTrue(Files.isRegularFile(prefix.resolve("lib/quarkus-app/quarkus-run.jar")));
        } else {
            byte[] head = Arrays.copyOf(Files.readAllBytes(executable()), 4);
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, head, "the native tarball's bin/executor is the executable");
        }
    }

    @Test
    void helpAndVersionAnswerFromAnyDirectoryAndThroughASymlink() throws IOException {
        Command.Result help = executor(Path.of("/"), Map.of(), "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.output().contains("validate") && help.output().contains("run-job"), help.output());

        Path link = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bin-").resolve("executor");
        Files.createSymbolicLink(link, executable());
        Command.Result version = Command.run(List.of(link.toString(), "version"), Path.of("/"), withBasics(Map.of()),
                COMMAND_TIMEOUT);
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.output().startsWith("executor "), version.toString());
    }

    @Test
    void theLauncherFindsJavaThroughJavaHomeAndSaysSoWhenThereIsNone() {
        if (!jvmBuild()) {
            assertEquals(0, executor(prefix, Map.of("PATH", "/nonexistent"), "version").exitCode(),
                    "the native executable needs no java");
            return;
        }
        String javaHome = System.getProperty("java.home");
        Command.Result viaHome = executor(prefix, Map.of("PATH", "/nonexistent", "JAVA_HOME", javaHome), "version");
        assertEquals(0, viaHome.exitCode(), viaHome.toString());
        Command.Result none = executor(prefix, Map.of("PATH", "/nonexistent"), "version");
        if (Files.isDirectory(prefix.resolve("lib/runtime"))) {
            // the release tarball: its bundled runtime comes first, whatever JAVA_HOME says (BundledRuntimeIT)
            assertTrue(viaHome.output().contains(", the runtime bundled in the tarball"), viaHome.toString());
            assertEquals(0, none.exitCode(), none.toString());
            assertTrue(none.output().contains(", the runtime bundled in the tarball"), none.toString());
        } else {
            assertTrue(viaHome.output().contains("runtime: Java " + System.getProperty("java.runtime.version") + " ("
                    + System.getProperty("java.vendor") + ") at " + javaHome + ", from JAVA_HOME"), viaHome.toString());
            assertEquals(127, none.exitCode(), none.toString());
            assertTrue(none.output().contains("no java: this tarball bundles no runtime; set JAVA_HOME or put Java 17"
                    + " or newer on PATH"), none.toString());
            Command.Result viaPath = executor(prefix, Map.of("PATH", Path.of(javaHome, "bin") + ":/usr/bin:/bin"), "version");
            assertTrue(viaPath.output().contains(", the java on PATH"), viaPath.toString());
        }
        Command.Result opts = executor(prefix, Map.of("EXECUTOR_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "version");
        assertEquals(0, opts.exitCode(), opts.toString());
        assertTrue(opts.output().contains("-XX:+UseSerialGC"), "the launcher's flags reach the JVM: " + opts);
    }

    @Test
    void validatePassesAgainstAReachableFrontend() throws IOException {
        frontend.addRoute("/.api/src-cli/version", ex -> ex.respondJson(200, "{\"version\":\"5.3.2\"}"));
        Path fakeBin = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "fake-src-");
        Path src = fakeBin.resolve("src");
        Files.writeString(src, "#!/bin/sh\necho \"Current version: 5.3.2\"\n");
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>(ExecutorEnv.forFrontend(frontend, "batches").map());
        env.put("PATH", fakeBin + ":" + System.getenv("PATH"));
        env.put("LC_ALL", "C.UTF-8");

        Command.Result r = executor(prefix, env, "validate");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.output().lines().toList();
        assertEquals("All checks passed!", lines.get(lines.size() - 1), r.toString());
        assertFalse(r.output().contains(SECRET), r.toString());
    }

    @Test
    void runJobRunsTheShippedExamplesNamedRelativeToTheWorkingDirectory() throws Exception {
        Path repo = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "tarball-repo-");
        Files.createDirectories(repo.resolve("src/main/java/demo"));
        Files.writeString(repo.resolve("src/main/java/demo/A.java"), "class A {}\n");
        for (List<String> git : List.of(List.of("init", "-q"), List.of("add", "."),
                List.of("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "demo"))) {
            List<String> argv = new ArrayList<>(List.of("git", "-C", repo.toString()));
            argv.addAll(git);
            Command.Result r = Command.run(argv);
            assertEquals(0, r.exitCode(), argv + ": " + r);
        }
        Map<String, String> env = localEnv().map();

        Command.Result indexing = executor(prefix, env, "run-job", "--repo", repo.toString(), "share/examples/indexing.json");
        assertEquals(0, indexing.exitCode(), indexing.toString());
        assertTrue(indexing.output().contains("Job 201 completed in "), indexing.toString());

        Command.Result failing = executor(prefix, env, "run-job", "share/examples/failing.json");
        assertEquals(1, failing.exitCode(), failing.toString());
        assertTrue(failing.output().contains("Job 301 errored: running command \"step.docker.fail\""), failing.toString());
    }

    @Test
    void runTakesJobsReportsReadyAndExitsCleanlyOnSigterm() {
        Map<String, String> env = new HashMap<>(ExecutorEnv.forFrontend(frontend, "codeintel").map());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        try (ExecutorProcess executor = ExecutorProcess.startLauncher("tarball-run", List.of(executable().toString()), env)) {
            executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            long id = frontend.enqueue("codeintel", Jobs.job().step("hello", "echo hello from the tarball").json());
            JobRecord job = frontend.awaitTerminal(id, Duration.ofSeconds(60));
            assertEquals(JobRecord.State.COMPLETED, job.state(), job.toString());
            // bin/executor execs java: the signal reaches the JVM, which drains and exits 0.
            executor.sigterm();
            assertEquals(0, executor.waitFor(Duration.ofSeconds(60)), executor.output());
            assertFalse(executor.output().contains(SECRET), executor.output());
        }
    }
}
