package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.Command;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.ReleaseTarball;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release tarball ({@code -Drelease}): its bundled Java 25 runtime and AOT cache. Unpacked as an operator
 * does, then run on a host with no Java at all: a mount namespace ({@code unshare -m}, as root) in which an empty
 * directory hides {@code /usr/lib/jvm}, where every installed JDK and the target of {@code /usr/bin/java} live.
 * Runs in the release build only (failsafe excludes it otherwise): a plain tarball bundles no runtime.
 */
class BundledRuntimeIT {

    static final String SECRET = "sk-bundled-runtime-secret-0123456789";
    static final Duration TIMEOUT = Duration.ofSeconds(180);
    /**
     * Issue 15's target is 90 MB; java.desktop and java.rmi (needed by Quartz, see the pom) took the tarball to about
     * 93.5 MB, so the target is missed and this guards against further growth until the modules are trimmed again.
     */
    static final long MAX_COMPRESSED_BYTES = 95L * 1000 * 1000;
    /** The docs an operator needs, shipped in share/doc and named by {@code --help}. */
    static final List<String> DOCS = List.of("configuration.md", "deployment.md", "operations.md", "lifecycle.md",
            "security.md", "network.md");

    static Path prefix;
    static Path noJava;
    static FakeFrontend frontend;

    @BeforeAll
    static void install() throws IOException {
        prefix = ReleaseTarball.unpack();
        assertTrue(Files.isExecutable(prefix.resolve("lib/runtime/bin/java")),
                "the tarball bundles no runtime: BundledRuntimeIT tests the release build (-Drelease)");
        noJava = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "no-jvm-");
        frontend = FakeFrontend.start(SECRET);
    }

    @AfterAll
    static void stop() {
        if (frontend != null) {
            assertEquals(List.of(), frontend.violations());
            frontend.close();
        }
    }

    /** {@code argv} inside a new mount namespace where /usr/lib/jvm is an empty directory, with a Java-free env. */
    static List<String> withoutJava(List<String> argv) {
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                "mount --bind \"$0\" /usr/lib/jvm && exec \"$@\"", noJava.toString()));
        wrapped.addAll(argv);
        return wrapped;
    }

    /** PATH with the system's tools (git, docker) but, in the namespace, no java; no JAVA_HOME. */
    static Map<String, String> hostEnv(Map<String, String> vars) {
        Map<String, String> env = new HashMap<>(vars);
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", System.getProperty("user.home"));
        env.put("LC_ALL", "C.UTF-8");
        env.remove("JAVA_HOME");
        return env;
    }

    static Command.Result executorWithoutJava(Path dir, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(prefix.resolve("bin/executor").toString()));
        argv.addAll(List.of(args));
        return Command.run(withoutJava(argv), dir, hostEnv(env), TIMEOUT);
    }

    @Test
    void theNamespaceReallyHasNoJava() {
        Command.Result java = Command.run(withoutJava(List.of("sh", "-c", "java -version")), null, hostEnv(Map.of()),
                TIMEOUT);
        assertEquals(127, java.exitCode(), java.toString());
        Command.Result jvms = Command.run(withoutJava(List.of("ls", "-A", "/usr/lib/jvm")), null, hostEnv(Map.of()),
                TIMEOUT);
        assertEquals(0, jvms.exitCode(), jvms.toString());
        assertEquals("", jvms.output().strip(), "no JDK visible in the namespace");
    }

    @Test
    void helpAndVersionWorkWithoutJavaAndNameTheBundledRuntimeAndTheInstalledDocs() {
        Command.Result help = executorWithoutJava(Path.of("/"), Map.of(), "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.output().contains("Documentation: " + prefix.resolve("share/doc") + "/"), help.toString());

        Command.Result version = executorWithoutJava(Path.of("/"), Map.of(), "version");
        assertEquals(0, version.exitCode(), version.toString());
        List<String> lines = version.output().lines().toList();
        assertTrue(lines.get(0).matches("executor \\S+"), version.toString());
        assertTrue(lines.get(1).matches("commit:  [0-9a-f]{12}.*"), version.toString());
        assertTrue(lines.get(2).matches("built:   \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), version.toString());
        assertTrue(lines.get(3).startsWith("runtime: Java 25") && lines.get(3).contains(prefix.resolve("lib/runtime")
                .toString()) && lines.get(3).endsWith("the runtime bundled in the tarball"), version.toString());
    }

    @Test
    void validateAndRunJobWorkWithoutJava() throws Exception {
        frontend.addRoute("/.api/src-cli/version", ex -> ex.respondJson(200, "{\"version\":\"5.3.2\"}"));
        Map<String, String> env = new HashMap<>(ExecutorEnv.forFrontend(frontend, "batches").map());
        Command.Result validate = executorWithoutJava(prefix, env, "validate");
        assertTrue(validate.output().contains("frontend"), validate.toString());
        // src is not installed here: a warning, not a failure; everything else passes.
        assertEquals(0, validate.exitCode(), validate.toString());
        assertFalse(validate.output().contains(SECRET), validate.toString());

        Path repo = javaProject();
        Map<String, String> local = ExecutorEnv.withoutFrontend().map();
        Command.Result job = executorWithoutJava(prefix, local, "run-job", "--repo", repo.toString(),
                "share/examples/indexing.json");
        assertEquals(0, job.exitCode(), job.toString());
        assertTrue(job.output().contains("Job 201 completed in "), job.toString());
    }

    @Test
    void runServesJobsWithoutJavaOnTheAotCache() throws IOException {
        Map<String, String> env = hostEnv(ExecutorEnv.forFrontend(frontend, "codeintel").map());
        List<String> launch = withoutJava(List.of(prefix.resolve("bin/executor").toString()));
        try (ExecutorProcess executor = ExecutorProcess.startLauncher("bundled-run", launch, env, "run")) {
            executor.awaitHttp200("/q/health/ready", TIMEOUT);
            assertTrue(mapsFile(executor.pid(), prefix.resolve("lib/quarkus-app/app.aot")),
                    "the JVM maps the AOT cache");
            assertTrue(exe(executor.pid()).startsWith(prefix.resolve("lib/runtime")), "runs on the bundled runtime");
            long id = frontend.enqueue("codeintel", Jobs.job().step("hello", "echo hello without java").json());
            JobRecord job = frontend.awaitTerminal(id, TIMEOUT);
            assertEquals(JobRecord.State.COMPLETED, job.state(), job.toString());
            executor.sigterm();
            assertEquals(0, executor.waitFor(TIMEOUT), executor.output());
            assertFalse(executor.output().contains("AOT cache"), executor.output());
            assertFalse(executor.output().contains(SECRET), executor.output());
        }
    }

    @Test
    void aDamagedCacheStillStartsWithOneLineOfWarning() throws IOException {
        Path damaged = ReleaseTarball.unpack();
        Path cache = damaged.resolve("lib/quarkus-app/app.aot");
        try (RandomAccessFile f = new RandomAccessFile(cache.toFile(), "rw")) {
            f.seek(f.length() / 2);
            byte[] junk = new byte[4096];
            Arrays.fill(junk, (byte) 0x5a);
            f.write(junk); // the header is intact: only the JVM's CRC check (VerifySharedSpaces) can tell
        }
        assertStartsWithoutTheCache(damaged, "damaged", List.of("executor: warning: the AOT cache"
                + " lib/quarkus-app/app.aot is unusable (damaged, or made for another runtime or build); starting"
                + " without it, which only makes the start slower"));

        Files.write(cache, new byte[] {'n', 'o', 't', ' ', 'a', 'n', ' ', 'A', 'O', 'T', ' ', 'c', 'a', 'c', 'h', 'e'});
        assertStartsWithoutTheCache(damaged, "garbage", List.of("executor: warning: the AOT cache"
                + " lib/quarkus-app/app.aot is unusable (damaged, or made for another runtime or build); starting"
                + " without it, which only makes the start slower"));
    }

    @Test
    void aCacheMadeForAnotherRuntimeIsNotPassed() throws IOException {
        Path other = ReleaseTarball.unpack();
        Path stamp = other.resolve("lib/quarkus-app/app.aot.runtime");
        String linked = Files.readString(stamp);
        assertTrue(linked.contains("JAVA_RUNTIME_VERSION=\"25") && linked.contains("EXECUTOR_RUNTIME_LINKED=\""), linked);
        Files.writeString(stamp, linked.replace("EXECUTOR_RUNTIME_LINKED=\"", "EXECUTOR_RUNTIME_LINKED=\"0"));
        assertStartsWithoutTheCache(other, "other-runtime", List.of("executor: lib/quarkus-app/app.aot was made for"
                + " another runtime than lib/runtime; starting without it"));
    }

    @Test
    void heapFlagsTheCacheCannotServeStartWithoutIt() throws IOException {
        // a young generation as large as the initial heap leaves no room for the cache's archived heap objects,
        // which the JVM reports as a fatal error at start
        assertStartsWithoutTheCache(prefix, "heap-flags", Map.of("EXECUTOR_JAVA_OPTS", "-Xmn16m"), List.of(
                "executor: warning: the AOT cache lib/quarkus-app/app.aot does not work with the flags in"
                + " EXECUTOR_JAVA_OPTS; starting without it, which only makes the start slower"));
    }

    static void assertStartsWithoutTheCache(Path installed, String name, List<String> lines) throws IOException {
        assertStartsWithoutTheCache(installed, name, Map.of(), lines);
    }

    /** {@code bin/executor run} of {@code installed} gets ready without mapping its cache, saying only {@code lines}. */
    static void assertStartsWithoutTheCache(Path installed, String name, Map<String, String> extra, List<String> lines)
            throws IOException {
        Map<String, String> env = hostEnv(ExecutorEnv.forFrontend(frontend, "batches").with("SRC_LOG_LEVEL", "warn").map());
        env.putAll(extra);
        try (ExecutorProcess executor = ExecutorProcess.startLauncher("bundled-" + name,
                List.of(installed.resolve("bin/executor").toString()), env, "run")) {
            executor.awaitHttp200("/q/health/ready", TIMEOUT);
            assertFalse(mapsFile(executor.pid(), installed.resolve("lib/quarkus-app/app.aot")), name);
            executor.sigterm();
            assertEquals(0, executor.waitFor(TIMEOUT), executor.output());
            List<String> aot = executor.output().lines()
                    .filter(l -> l.contains("AOT") || l.contains("aot") || l.contains("shared spaces")).toList();
            assertEquals(lines, aot, executor.output());
        }
    }

    @Test
    void theRuntimeIsTheTestedModuleListAndTheTarballIsSmallAndChecksummed() throws IOException {
        Path runtime = prefix.resolve("lib/runtime");
        String release = Files.readString(runtime.resolve("release"));
        assertTrue(release.contains("JAVA_VERSION=\"25"), release);
        Command.Result modules = Command.run(List.of(runtime.resolve("bin/java").toString(), "--list-modules"));
        assertEquals(0, modules.exitCode(), modules.toString());
        TreeSet<String> listed = new TreeSet<>(modules.output().lines().map(l -> l.replaceAll("@.*", "")).toList());
        TreeSet<String> expected = new TreeSet<>(Arrays.asList(System.getProperty("release.modules").split(",")));
        // jlink adds what the listed modules require
        expected.addAll(List.of("java.security.sasl", "java.transaction.xa", "java.datatransfer", "java.prefs"));
        assertEquals(expected, listed);
        // java.desktop (java.beans) and java.rmi are listed only because Quartz needs them to build its scheduler (see the pom).
        assertFalse(Files.exists(runtime.resolve("include")) || Files.exists(runtime.resolve("man")),
                "--no-header-files --no-man-pages");

        long size = Files.size(ReleaseTarball.PATH);
        assertTrue(size <= MAX_COMPRESSED_BYTES, "compressed tarball " + size + " bytes");
        Path target = ReleaseTarball.PATH.getParent();
        Path named = target.resolve("sourcegraph-executor-" + System.getProperty("project.version") + "-linux-amd64.tar.gz");
        assertArrayEquals(Files.readAllBytes(ReleaseTarball.PATH), Files.readAllBytes(named));
        Command.Result sums = Command.run(List.of("sha256sum", "-c", "SHA256SUMS"), target, null, TIMEOUT);
        assertEquals(0, sums.exitCode(), sums.toString());
        assertEquals(2, sums.output().lines().filter(l -> l.endsWith(": OK")).count(), sums.toString());

        for (String doc : DOCS) {
            assertArrayEquals(Files.readAllBytes(Path.of("docs", doc)), Files.readAllBytes(prefix.resolve("share/doc")
                    .resolve(doc)), doc);
        }
        assertNotEquals(0, Files.size(prefix.resolve("lib/quarkus-app/app.aot")));
    }

    /** A one-commit git repository with a Java file, which the indexing example's steps look at. */
    static Path javaProject() throws IOException {
        Path repo = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bundled-repo-");
        Files.createDirectories(repo.resolve("src/main/java/demo"));
        Files.writeString(repo.resolve("src/main/java/demo/A.java"), "class A {}\n");
        for (List<String> git : List.of(List.of("init", "-q"), List.of("add", "."),
                List.of("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "demo"))) {
            List<String> argv = new ArrayList<>(List.of("git", "-C", repo.toString()));
            argv.addAll(git);
            Command.Result r = Command.run(argv);
            assertEquals(0, r.exitCode(), argv + ": " + r);
        }
        return repo;
    }

    static boolean mapsFile(long pid, Path file) throws IOException {
        String real = file.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")).stream().anyMatch(l -> l.endsWith(real));
    }

    static Path exe(long pid) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
    }
}
