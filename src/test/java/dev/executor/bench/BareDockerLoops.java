package dev.executor.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.executor.testing.Command;
import dev.executor.testing.DockerProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The baselines the executor is compared with: the container lifecycle of its steps (create, attach, start, wait,
 * remove) in a bare docker-java loop, and {@code docker run --rm} from Debian's CLI; each on Docker's default bridge
 * or, as the executor's per-job network does, on a user-defined bridge network created before a job's containers
 * and removed after them.
 *
 * <p>The containers are set up as the executor's steps are (ContainerSpecs, restated here rather than called so a
 * ratio measures the executor's own work): the workspace bound at {@code /data}, {@code /bin/sh <script>} under
 * Docker's init, all capabilities dropped but the same kept set, no-new-privileges, the same pids limit, six labels
 * and no environment or resource limits (the benchmark's executors run with {@code EXECUTOR_JOB_NUM_CPUS=0} and
 * {@code EXECUTOR_JOB_MEMORY=0}). The labels use another prefix than the executor's, so no executor's janitor
 * mistakes a baseline container for its own.
 */
final class BareDockerLoops {

    static final String DOCKER = "/usr/bin/docker";
    /** What the executor's steps keep of Docker's default capabilities (ContainerSpecs.KEPT_CAPABILITIES). */
    static final List<String> KEPT_CAPABILITIES = List.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID", "SYS_CHROOT");
    /** DockerProducer.DEFAULT_PIDS_LIMIT. */
    static final long PIDS_LIMIT = 4096;
    /** A shortened form of the executor's step script preamble (StepScripts): look for bash, then trace. */
    static final String SCRIPT = """
            if [ -z "$1" ]; then
              bash_path=$(command -p -v bash)
              if [ -n "$bash_path" ]; then exec "$bash_path" "$0" skip-check; fi
            fi
            set +e
            set -x
            true
            """;

    private final Path workspace;
    private final String scriptPath;

    /** Writes the step script into {@code workspace}, which every baseline container mounts at /data. */
    BareDockerLoops(Path workspace) throws IOException {
        this.workspace = workspace;
        Path script = workspace.resolve(".bench").resolve("step.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, SCRIPT);
        this.scriptPath = "/data/.bench/step.sh";
    }

    /** Labels of the same number and size as the executor's (managed, job, queue, name, step, expiry). */
    private static Map<String, String> labels(int step) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("dev.executor-bench.managed", "true");
        labels.put("dev.executor-bench.job-id", "1");
        labels.put("dev.executor-bench.queue", "batches");
        labels.put("dev.executor-bench.executor-name", "bench-baseline");
        labels.put("dev.executor-bench.step-key", "step.docker.s" + step);
        labels.put("dev.executor-bench.expires-at", "2099-01-01T00:00:00Z");
        return labels;
    }

    private static String networkName() {
        return "executor-bench-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * One "job" of {@code containers} steps through docker-java, on a new user-defined network when
     * {@code jobNetwork} (created first and removed last, as JobNetworks does), else on the default bridge.
     * Returns the milliseconds for all of it.
     */
    double dockerJavaJob(int containers, boolean jobNetwork) {
        DockerClient docker = DockerProbe.client();
        long start = System.nanoTime();
        String network = null;
        if (jobNetwork) {
            network = networkName();
            docker.createNetworkCmd().withName(network).withDriver("bridge").withLabels(labels(0))
                    .withCheckDuplicate(true).exec();
        }
        try {
            for (int i = 0; i < containers; i++) {
                dockerJavaStep(docker, i, network);
            }
        } finally {
            if (network != null) {
                docker.removeNetworkCmd(network).exec();
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private void dockerJavaStep(DockerClient docker, int step, String network) {
        HostConfig host = HostConfig.newHostConfig()
                .withBinds(new Bind(workspace.toString(), new Volume("/data")))
                .withInit(true)
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withCapAdd(KEPT_CAPABILITIES.stream().map(Capability::valueOf).toArray(Capability[]::new))
                .withPidsLimit(PIDS_LIMIT);
        if (network != null) {
            host.withNetworkMode(network);
        }
        String id = docker.createContainerCmd(DockerProbe.TEST_IMAGE)
                .withEntrypoint("/bin/sh").withCmd(scriptPath).withWorkingDir("/data")
                .withEnv(List.of()).withLabels(labels(step))
                .withAttachStdout(true).withAttachStderr(true)
                .withHostConfig(host)
                .exec().getId();
        try {
            ResultCallback.Adapter<Frame> attach = docker.attachContainerCmd(id).withStdOut(true).withStdErr(true)
                    .withFollowStream(true).exec(new ResultCallback.Adapter<>());
            attach.awaitStarted(30, TimeUnit.SECONDS);
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode();
            attach.awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    /**
     * One "job" of {@code containers} {@code docker run --rm} calls, with {@code docker network create} before and
     * {@code docker network rm} after when {@code jobNetwork}. Returns the milliseconds for all of it.
     */
    double cliJob(int containers, boolean jobNetwork) {
        long start = System.nanoTime();
        String network = null;
        if (jobNetwork) {
            network = networkName();
            List<String> create = new ArrayList<>(List.of(DOCKER, "network", "create", "--driver", "bridge"));
            labels(0).forEach((k, v) -> create.addAll(List.of("--label", k + "=" + v)));
            create.add(network);
            cli(create);
        }
        try {
            for (int i = 0; i < containers; i++) {
                cli(runCommand(i, network));
            }
        } finally {
            if (network != null) {
                cli(List.of(DOCKER, "network", "rm", network));
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private List<String> runCommand(int step, String network) {
        List<String> argv = new ArrayList<>(List.of(DOCKER, "run", "--rm", "--init", "-v", workspace + ":/data", "-w",
                "/data", "--entrypoint", "/bin/sh", "--cap-drop", "ALL"));
        KEPT_CAPABILITIES.forEach(c -> argv.addAll(List.of("--cap-add", c)));
        argv.addAll(List.of("--security-opt", "no-new-privileges", "--pids-limit", Long.toString(PIDS_LIMIT)));
        labels(step).forEach((k, v) -> argv.addAll(List.of("--label", k + "=" + v)));
        if (network != null) {
            argv.addAll(List.of("--network", network));
        }
        argv.addAll(List.of(DockerProbe.TEST_IMAGE, scriptPath));
        return argv;
    }

    private static void cli(List<String> argv) {
        Command.Result r = Command.run(argv, null, null, Duration.ofMinutes(2));
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + r);
        }
    }
}
