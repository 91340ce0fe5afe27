package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.Network;
import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.Teardown;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container sandbox against the real engine, through the packaged executor: what a running step
 * container looks like to the Docker API, what the step sees from inside, per-job network isolation
 * (with a control run without it, so the isolation check can fail), OOM reporting with a 32M limit,
 * additional mounts, the Docker-in-Docker host path and multi-line secret redaction.
 */
class SandboxIT {

    static final String SECRET = "sk-sandbox-executor-secret-0123456789";
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    static final Set<Capability> KEPT = Set.of(Capability.AUDIT_WRITE, Capability.CHOWN, Capability.DAC_OVERRIDE,
            Capability.FOWNER, Capability.FSETID, Capability.KILL, Capability.NET_BIND_SERVICE, Capability.SETGID,
            Capability.SETUID, Capability.SYS_CHROOT);
    /** KEPT as the kernel's bit mask: bits 0,1,3,4,5,6,7 (0xfb), 10, 18 and 29. */
    static final String KEPT_MASK = "00000000200404fb";

    static FakeFrontend frontend;
    static ExecutorEnv env;
    static ExecutorProcess executor;
    static Path shared;
    static Path hostMountLink;

    @BeforeAll
    static void startExecutor() throws IOException {
        frontend = FakeFrontend.start(SECRET);
        env = ExecutorEnv.forFrontend(frontend, "batches");
        Path base = env.workspaces().getParent();
        shared = Files.createDirectories(base.resolve("shared"));
        Path extra = Files.createDirectories(base.resolve("extra"));
        Files.writeString(extra.resolve("hello.txt"), "from the host");
        Files.createDirectories(env.workspaces());
        // Docker-in-Docker: the daemon reaches the workspaces through another path (here a symlink).
        hostMountLink = Files.createSymbolicLink(base.resolve("daemon-view"), env.workspaces());
        env.with("EXECUTOR_MAXIMUM_NUM_JOBS", "2")
                .with("EXECUTOR_JOB_MEMORY", "32M")
                .with("EXECUTOR_DOCKER_ADD_HOST_GATEWAY", "true")
                .with("EXECUTOR_DOCKER_HOST_MOUNT_PATH", hostMountLink.toString())
                .with("EXECUTOR_DOCKER_ADDITIONAL_MOUNTS", "type=bind,source=" + extra + ",target=/extra,readonly;"
                        + "type=bind,source=" + shared + ",target=/shared;type=tmpfs,target=/scratch,tmpfs-size=8m");
        executor = ExecutorProcess.start("sandbox", env.map());
        executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        Teardown.stop(executor, frontend);
    }

    @AfterEach
    void nothingLeftBehind() {
        for (String name : frontend.executorNamesSeen()) {
            assertEquals(List.of(), DockerProbe.containersOfExecutorName(name), "containers left behind");
            assertEquals(List.of(), networksOf(name), "networks left behind");
        }
        assertFalse(executor.output().contains(SECRET), "the executor's own log contains the secret");
    }

    static List<Network> networksOf(String executorName) {
        return DockerProbe.client().listNetworksCmd().exec().stream()
                .filter(n -> n.getLabels() != null && executorName.equals(n.getLabels().get("dev.executor.executor-name")))
                .toList();
    }

    static JsonNode entry(JobRecord job, String key) {
        return job.logEntries().stream().filter(e -> key.equals(e.get("key").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + key + " in " + job));
    }

    static String out(JobRecord job, String key) {
        return entry(job, key).get("out").asText();
    }

    /** The running container of a job, once it exists. */
    static Container awaitContainer(long jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            List<Container> containers = DockerProbe.containersOfJob(jobId).stream()
                    .filter(c -> "running".equals(c.getState())).toList();
            if (!containers.isEmpty()) {
                return containers.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no running container for job " + jobId + ": " + frontend.job(jobId));
    }

    @Test
    void runningStepContainerIsSandboxed() throws Exception {
        long id = frontend.enqueue("batches", Jobs.job().step("inspect-me", "sleep 4").json());
        Container container = awaitContainer(id);
        InspectContainerResponse inspect = DockerProbe.client().inspectContainerCmd(container.getId()).exec();
        String executorName = frontend.job(id).workerHostname();
        HostConfig host = inspect.getHostConfig();

        assertEquals(1_000_000_000L, host.getNanoCPUs());
        assertEquals(32L * 1024 * 1024, host.getMemory());
        assertEquals(32L * 1024 * 1024, host.getMemorySwap(), "no swap beyond the memory limit");
        assertEquals(4096L, host.getPidsLimit());
        assertEquals(List.of("no-new-privileges"), host.getSecurityOpts());
        assertEquals(Boolean.TRUE, host.getInit());
        assertEquals(Boolean.FALSE, host.getPrivileged());
        assertEquals(List.of(Capability.ALL), List.of(host.getCapDrop()));
        assertEquals(KEPT, Set.of(host.getCapAdd()));
        assertEquals(List.of("host.docker.internal:host-gateway"), List.of(host.getExtraHosts()));
        assertEquals(hostMountLink + "/" + workspaceName(host) + ":/data",
                host.getBinds()[0].getPath() + ":" + host.getBinds()[0].getVolume().getPath());

        Map<String, String> labels = inspect.getConfig().getLabels();
        assertEquals(Long.toString(id), labels.get("dev.executor.job-id"));
        assertEquals("batches", labels.get("dev.executor.queue"));
        assertEquals(executorName, labels.get("dev.executor.executor-name"));
        assertEquals("step.docker.inspect-me", labels.get("dev.executor.step-key"));
        assertEquals("true", labels.get("dev.executor.managed"));

        String networkName = host.getNetworkMode();
        assertTrue(networkName.startsWith("executor-batches-" + id + "-"), networkName);
        Network network = DockerProbe.client().inspectNetworkCmd().withNetworkId(networkName).exec();
        assertEquals("bridge", network.getDriver());
        assertEquals(Long.toString(id), network.getLabels().get("dev.executor.job-id"));
        assertEquals(executorName, network.getLabels().get("dev.executor.executor-name"));
        assertTrue(network.getContainers().containsKey(container.getId()), "the step joined the job's network");

        List<String> mounts = host.getMounts().stream().map(Mount::getTarget).toList();
        assertEquals(List.of("/extra", "/shared", "/scratch"), mounts);

        JobRecord job = frontend.awaitTerminal(id, JOB_TIMEOUT);
        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertTrue(DockerProbe.client().listNetworksCmd().withNameFilter(networkName).exec().isEmpty(),
                "the job's network is removed with the job");
    }

    private static String workspaceName(HostConfig host) {
        return Path.of(host.getBinds()[0].getPath()).getFileName().toString();
    }

    @Test
    void stepSeesTheSandboxFromInside() {
        JobRecord job = frontend.awaitTerminal(frontend.enqueue("batches", Jobs.job().step("inside",
                "grep -E 'CapEff|NoNewPrivs' /proc/self/status",
                "echo pid1=$(cat /proc/1/comm)",
                "touch /tmp/f && chown 1234:1234 /tmp/f && echo CHOWN-OK",
                "mknod /tmp/null c 1 3 2>/dev/null && echo MKNOD-ALLOWED || echo MKNOD-DENIED",
                "cat /extra/hello.txt; echo",
                "touch /extra/new 2>/dev/null && echo EXTRA-WRITABLE || echo EXTRA-READONLY",
                "grep -c ' /scratch tmpfs ' /proc/mounts",
                "grep -c host.docker.internal /etc/hosts",
                "test -f /data/.sourcegraph-executor/*.sh && echo WORKSPACE-MOUNTED").json()), JOB_TIMEOUT);
        assertEquals(State.COMPLETED, job.state(), job.toString());
        String out = out(job, "step.docker.inside");
        assertTrue(out.contains("stdout: CapEff:\t" + KEPT_MASK + "\n"), out);
        assertTrue(out.contains("stdout: NoNewPrivs:\t1\n"), out);
        assertTrue(out.contains("stdout: pid1=docker-init\n"), "Docker's init is PID 1: " + out);
        assertTrue(out.contains("stdout: CHOWN-OK\n"), out);
        assertTrue(out.contains("stdout: MKNOD-DENIED\n"), out);
        assertTrue(out.contains("stdout: from the host\n"), out);
        assertTrue(out.contains("stdout: EXTRA-READONLY\n"), out);
        assertTrue(out.contains("stdout: WORKSPACE-MOUNTED\n"), out);
        assertFalse(out.contains("stdout: 0\n"), "tmpfs and host gateway present: " + out);
    }

    @Test
    void outOfMemoryIsReportedWithTheLimit() {
        JobRecord job = frontend.awaitTerminal(frontend.enqueue("batches", Jobs.job()
                .step("oom", "echo allocating", "dd if=/dev/zero of=/dev/null bs=64M count=1").json()), JOB_TIMEOUT);
        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("running command \"step.docker.oom\": step ran out of memory (limit 32M)", job.failureMessage());
        assertEquals(137, entry(job, "step.docker.oom").get("exitCode").asInt());
    }

    @Test
    void concurrentJobsCannotReachEachOther() {
        assertEquals("UNREACHABLE", reachability(frontend, "isolated"));
    }

    /** Without per-job networks both jobs share Docker's bridge and can: the control that shows the check works. */
    @Test
    void withoutJobNetworksTheyCan() {
        FakeFrontend other = FakeFrontend.start(SECRET);
        ExecutorEnv otherEnv = ExecutorEnv.forFrontend(other, "batches")
                .with("EXECUTOR_MAXIMUM_NUM_JOBS", "2")
                .with("EXECUTOR_DOCKER_JOB_NETWORK", "false")
                .with("EXECUTOR_DOCKER_ADDITIONAL_MOUNTS", "type=bind,source=" + shared + ",target=/shared");
        try (ExecutorProcess process = ExecutorProcess.start("sandbox-no-network", otherEnv.map())) {
            process.awaitHttp200("/q/health/ready", Duration.ofSeconds(90));
            assertEquals("REACHED", reachability(other, "control"));
            Teardown.stop(process, null);
            for (String name : other.executorNamesSeen()) {
                assertEquals(List.of(), networksOf(name));
            }
        } finally {
            Teardown.stop(null, other);
        }
    }

    /** Job A serves HTTP and publishes its address; job B, running at the same time, tries to fetch from it. */
    private static String reachability(FakeFrontend target, String name) {
        String tag = name + "-" + UUID.randomUUID();
        long server = target.enqueue("batches", Jobs.job().step("server",
                "mkdir -p /www && echo hello > /www/index.html && httpd -p 8080 -h /www",
                "ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1 > /shared/" + tag + ".ip",
                "for i in $(seq 1 300); do [ -f /shared/" + tag + ".done ] && break; sleep 0.1; done").json());
        long client = target.enqueue("batches", Jobs.job().step("client",
                "for i in $(seq 1 300); do [ -s /shared/" + tag + ".ip ] && break; sleep 0.1; done",
                // (busybox's static wget crashes here; nc does the same job)
                "if printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 $(cat /shared/" + tag + ".ip) 8080 | grep -q hello; "
                        + "then echo REACHED; else echo UNREACHABLE; fi",
                "touch /shared/" + tag + ".done").json());
        JobRecord c = target.awaitTerminal(client, JOB_TIMEOUT);
        JobRecord s = target.awaitTerminal(server, JOB_TIMEOUT);
        assertEquals(State.COMPLETED, s.state(), s.toString());
        assertEquals(State.COMPLETED, c.state(), c.toString());
        String out = out(c, "step.docker.client");
        assertTrue(out.contains("stdout: REACHED\n") != out.contains("stdout: UNREACHABLE\n"), out);
        return out.contains("stdout: REACHED\n") ? "REACHED" : "UNREACHABLE";
    }

    @Test
    void secretsSpanningLinesAndEncodedAreRedacted() {
        String multiLine = "-----BEGIN TEST KEY-----\nMIIBVwIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7\n-----END TEST KEY-----";
        String token = "ghp_sandboxToken0123456789";
        String b64 = Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
        JobRecord job = frontend.awaitTerminal(frontend.enqueue("batches", Jobs.job()
                .file("key.pem", multiLine + "\n")
                .step("leak", DockerProbe.TEST_IMAGE, "", List.of("TOKEN=" + token),
                        "echo start", "cat key.pem", "echo \"basic " + b64 + "\"", "echo \"url https://u:$TOKEN@example.com\"",
                        "echo executor " + SECRET)
                .redact(Map.of(multiLine, "[KEY]", token, "[TOKEN]"))
                .json()), JOB_TIMEOUT);
        assertEquals(State.COMPLETED, job.state(), job.toString());
        String all = job.logEntries().toString();
        for (String leak : List.of("MIIBVwIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7", "BEGIN TEST KEY", token, b64, SECRET)) {
            assertFalse(all.contains(leak), leak + " leaked: " + all);
        }
        String out = out(job, "step.docker.leak");
        assertTrue(out.contains("stdout: [KEY]\n"), out);
        assertTrue(out.contains("stdout: url https://u:[TOKEN]@example.com\n"), out);
        assertTrue(out.contains("stdout: executor SECRET_REMOVED\n"), out);
        assertTrue(out.contains("stdout: basic "), out);
        assertTrue(entry(job, "step.docker.leak").get("command").toString().contains("TOKEN=[TOKEN]"));
        assertFalse(executor.output().contains(token), "the executor's own log has the job's token");
    }

    /** The executor's own log passes through the secret filter: a job secret in a failed pull's image name is masked. */
    @Test
    void executorLogMasksJobSecrets() {
        String secret = "imagesecret" + Long.toHexString(System.nanoTime());
        String image = "executor-test/" + secret + ":1";
        JobRecord job = frontend.awaitTerminal(frontend.enqueue("batches", Jobs.job()
                .step("pull", image, "", List.of(), "true")
                .redact(Map.of(secret, "[IMG]"))
                .json()), JOB_TIMEOUT);
        assertEquals(State.FAILED, job.state(), job.toString());
        assertTrue(job.failureMessage().contains("executor-test/[IMG]:1"), job.failureMessage());
        String log = executor.output();
        assertTrue(log.contains("pulling image \"executor-test/[IMG]:1\" from registry docker.io"), log);
        assertFalse(log.contains(secret), "job secret in the executor's log");
    }

    @Test
    void stepsOfOneJobShareItsNetwork() {
        JobRecord job = frontend.awaitTerminal(frontend.enqueue("batches", Jobs.job()
                .step("first", "ip -4 -o addr show eth0 | awk '{print $4}' | cut -d. -f1-2 > /data/net1")
                .step("second", "test \"$(ip -4 -o addr show eth0 | awk '{print $4}' | cut -d. -f1-2)\" = \"$(cat /data/net1)\" && echo SAME-NETWORK")
                .json()), JOB_TIMEOUT);
        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertTrue(out(job, "step.docker.second").contains("stdout: SAME-NETWORK\n"), job.toString());
        assertNotNull(entry(job, "teardown.fs"));
    }
}
