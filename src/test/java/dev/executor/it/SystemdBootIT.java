package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.Command;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.ReleaseTarball;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The design document's five install steps under a real systemd: a container booting systemd
 * ({@code src/test/docker/build-systemd-image.sh}) gets the release tarball unpacked into /opt/sourcegraph, the
 * unit copied to /etc/systemd/system and enabled, the variables set in /opt/sourcegraph/etc/executor.env, then
 * {@code systemctl start}, which returns only once the executor has sent READY=1 (Type=notify). The executor
 * inside drives the host's Docker engine through its socket and takes a job from the fake frontend: the unit's
 * sandboxing must leave its workspace on a host path dockerd can mount.
 *
 * <p>A release tarball ({@code -Drelease}) carries its own Java runtime: then the container has no Java at all
 * (an empty tmpfs hides the host's /usr/lib/jvm, where every JDK and the target of /usr/bin/java are), and the
 * service must run on the bundled runtime with its AOT cache.
 *
 * <p>The container needs all capabilities but CAP_SYS_RESOURCE (which these machines' own container lacks), no
 * seccomp or AppArmor profile and the host's cgroup tree, as systemd sets up each service's namespaces and
 * filters; the test also checks that the sandbox was in force while the job ran.
 */
class SystemdBootIT {

    static final String DOCKER = "/usr/bin/docker";
    static final String IMAGE = "executor-e2e/host-userland:latest";
    static final String SECRET = "sk-systemd-e2e-secret-0123456789";
    static final String UNIT = "sourcegraph-executor";
    static final Duration STEP = Duration.ofMinutes(3);

    static final String container = "executor-e2e-systemd-" + UUID.randomUUID().toString().substring(0, 8);
    /** The host directory mounted as the container's /var/lib/sourcegraph-executor (the unit's StateDirectory). */
    static Path hostState;
    static FakeFrontend frontend;
    static int port;
    /** The release tarball: no Java in the container, the service on lib/runtime. */
    static boolean bundled;

    static Command.Result docker(String... args) {
        List<String> argv = new ArrayList<>(List.of(DOCKER));
        argv.addAll(List.of(args));
        return Command.run(argv, null, null, STEP);
    }

    /** Runs a shell command inside the container and fails with its output when it fails. */
    static String inside(String script) {
        Command.Result r = docker("exec", container, "sh", "-c", script);
        assertEquals(0, r.exitCode(), script + ": " + r);
        return r.output();
    }

    @BeforeAll
    static void bootSystemd() throws IOException, InterruptedException {
        Command.Result image = Command.run(List.of("src/test/docker/build-systemd-image.sh"));
        assertEquals(0, image.exitCode(), image.toString());
        hostState = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "systemd-e2e-state-");
        bundled = ReleaseTarball.bundlesRuntime();
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", container, "--cap-add=ALL",
                "--cap-drop=SYS_RESOURCE", "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
                "--network", "host", "-e", "container=docker", "--tmpfs", "/run", "--tmpfs", "/run/lock", "--tmpfs", "/tmp",
                "-v", "/usr:/usr:ro", "-v", "/sys/fs/cgroup:/sys/fs/cgroup",
                "-v", "/var/run/docker.sock:/run/host-docker.sock",
                "-v", hostState + ":/var/lib/sourcegraph-executor"));
        if (bundled) {
            args.addAll(List.of("--tmpfs", "/usr/lib/jvm:ro")); // a host without Java
        }
        args.addAll(List.of(IMAGE, "/lib/systemd/systemd"));
        Command.Result run = docker(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        String state = "";
        for (int i = 0; i < 60 && !state.equals("running") && !state.equals("degraded"); i++) {
            Thread.sleep(500);
            state = docker("exec", container, "systemctl", "is-system-running").output().strip();
        }
        assertTrue(state.equals("running") || state.equals("degraded"), "systemd did not boot: " + state
                + "\n" + docker("logs", container).output());
        frontend = FakeFrontend.start(SECRET);
        port = ExecutorProcess.freePort();
    }

    @AfterAll
    static void tearDown() {
        if (frontend != null) {
            frontend.close();
        }
        docker("rm", "-f", container);
    }

    @Test
    void theFiveInstallStepsGiveAReadyServiceThatRunsJobsAndStopsCleanly() throws Exception {
        // 1. download, 2. unpack
        assertEquals(0, docker("cp", ReleaseTarball.PATH.toString(), container + ":/root/sourcegraph-executor.tar.gz")
                .exitCode());
        inside("mkdir -p /opt/sourcegraph && tar -C /opt/sourcegraph -zxf /root/sourcegraph-executor.tar.gz");
        // 3. add the unit and enable it
        inside("cp /opt/sourcegraph/lib/systemd/sourcegraph-executor.service /etc/systemd/system/"
                + " && systemctl enable " + UNIT);
        // 4. set the variables (the executor inside reaches the host's dockerd, whose paths differ from its own)
        String hostWorkspaces = hostState.resolve("workspaces").toString();
        inside("cd /opt/sourcegraph/etc && sed -i"
                + " -e 's|^EXECUTOR_FRONTEND_URL=.*|EXECUTOR_FRONTEND_URL=" + frontend.url() + "|'"
                + " -e 's|^EXECUTOR_FRONTEND_PASSWORD=.*|EXECUTOR_FRONTEND_PASSWORD=" + SECRET + "|'"
                + " -e 's|^EXECUTOR_QUEUE_NAME=.*|EXECUTOR_QUEUE_NAME=batches|' executor.env"
                + " && printf '%s\\n' DOCKER_HOST=unix:///run/host-docker.sock"
                + " EXECUTOR_DOCKER_HOST_MOUNT_PATH=" + hostWorkspaces
                + " EXECUTOR_HTTP_HOST=127.0.0.1 EXECUTOR_HTTP_PORT=" + port
                + " EXECUTOR_JOB_NUM_CPUS=1 EXECUTOR_JOB_MEMORY=256M >> executor.env");
        if (bundled) {
            Command.Result java = docker("exec", container, "sh", "-c", "java -version");
            assertEquals(127, java.exitCode(), "the container must have no Java: " + java);
            assertEquals("", inside("ls -A /usr/lib/jvm").strip());
        }
        // 5. start: with Type=notify this returns once the executor reported READY=1
        long started = System.nanoTime();
        Command.Result start = docker("exec", container, "systemctl", "start", UNIT);
        assertEquals(0, start.exitCode(), start + journal());
        long startMillis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(200, get("/q/health/ready").statusCode(), "ready by the time systemctl start returned" + journal());
        String show = inside("systemctl show -p ActiveState -p SubState -p StatusText -p NRestarts " + UNIT);
        assertTrue(show.contains("ActiveState=active") && show.contains("SubState=running"), show);
        assertTrue(show.contains("StatusText=Ready: taking jobs"), show);
        assertTrue(show.contains("NRestarts=0"), show);

        long id = frontend.enqueue("batches", Jobs.job().file("hello.txt", "written by the sandboxed executor")
                .step("read", "cat hello.txt", "echo from a job container").json());
        JobRecord job = frontend.awaitTerminal(id, Duration.ofSeconds(90));
        assertEquals(JobRecord.State.COMPLETED, job.state(), job + journal());
        assertTrue(job.logEntries().toString().contains("written by the sandboxed executor"), job.toString());
        try (Stream<Path> left = Files.list(hostState.resolve("workspaces"))) {
            assertEquals(List.of(), left.toList(), "workspace removed after the job");
        }

        // The sandbox was in force while the job ran: seccomp filter, no new privileges, read-only system.
        String pid = inside("systemctl show -p MainPID --value " + UNIT).strip();
        if (bundled) {
            assertEquals("/opt/sourcegraph/lib/runtime/bin/java", inside("readlink /proc/" + pid + "/exe").strip());
            assertTrue(inside("cat /proc/" + pid + "/maps").contains("/opt/sourcegraph/lib/quarkus-app/app.aot"),
                    "the service runs on the AOT cache");
        }
        String status = inside("grep -E '^(Seccomp|NoNewPrivs):' /proc/" + pid + "/status");
        assertTrue(status.contains("Seccomp:\t2") && status.contains("NoNewPrivs:\t1"), status);
        Command.Result write = docker("exec", container, "nsenter", "-t", pid, "-m", "touch", "/opt/sourcegraph/x");
        assertTrue(write.exitCode() != 0 && write.output().contains("Read-only file system"), write.toString());

        inside("systemctl stop " + UNIT);
        String stopped = inside("systemctl show -p ActiveState -p Result -p ExecMainStatus " + UNIT);
        assertTrue(stopped.contains("ActiveState=inactive") && stopped.contains("Result=success")
                && stopped.contains("ExecMainStatus=0"), stopped + journal());
        String log = journal();
        assertFalse(log.contains(SECRET), "the secret reached the journal");
        for (String bad : List.of("Read-only file system", "Permission denied", "Operation not permitted")) {
            assertFalse(log.contains(bad), bad + " in the journal: the sandboxing breaks something" + log);
        }
        assertFalse(log.contains("AOT cache"), "no warning about the AOT cache" + log);
        System.out.printf("systemd e2e (%s): systemctl start returned after %d ms (READY=1)%n",
                bundled ? "bundled runtime, no Java on the host" : "host Java", startMillis);
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String journal() {
        return "\njournal:\n" + docker("exec", container, "journalctl", "--no-pager", "-u", UNIT).output();
    }
}
