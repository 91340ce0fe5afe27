package dev.executor.cli.validate;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InfoCmd;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import dev.executor.config.ExecutorConfig;
import dev.executor.runtime.docker.DockerClients;
import java.util.ArrayList;
import java.util.List;

/**
 * The Docker engine every step runs on: reachable at {@code DOCKER_HOST} (or the default socket), and able
 * to give job containers the CPUs asked for ({@code docker} refuses {@code --cpus} above the host's count,
 * which would fail every job).
 */
final class DockerCheck {

    private DockerCheck() {
    }

    /** {@code config} may be {@code null} (invalid configuration): then only reachability is checked. */
    static List<CheckResult> run(ExecutorConfig config) {
        String host = dockerHost();
        List<CheckResult> results = new ArrayList<>();
        try (DockerClient docker = DockerClients.create(1)) {
            Version version = docker.versionCmd().exec();
            results.add(CheckResult.pass("docker", "engine " + version.getVersion() + " (API " + version.getApiVersion()
                    + ") reachable at " + host));
            if (config != null) {
                results.add(resources(config, docker.infoCmd()));
            }
        } catch (Exception e) {
            results.add(CheckResult.fail("docker", "cannot reach the engine at " + host + ": " + message(e), fix(e)));
        }
        return results;
    }

    private static CheckResult resources(ExecutorConfig config, InfoCmd infoCmd) {
        Info info = infoCmd.exec();
        int cpus = info.getNCPU() == null ? 0 : info.getNCPU();
        int wanted = config.jobNumCpus();
        String memory = config.jobMemory().isZero() ? "no memory limit" : "memory " + config.jobMemory().text();
        if (cpus > 0 && wanted > cpus) {
            return CheckResult.fail("job resources", "EXECUTOR_JOB_NUM_CPUS=" + wanted + " but the Docker host has "
                    + cpus + " CPUs, so Docker would refuse every step container",
                    "set EXECUTOR_JOB_NUM_CPUS to " + cpus + " or less (0 means no limit)");
        }
        return CheckResult.pass("job resources", (wanted == 0 ? "no CPU limit" : wanted + " CPU(s)") + ", " + memory
                + " per step container; the Docker host has " + cpus + " CPUs");
    }

    private static String dockerHost() {
        try {
            return DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
        } catch (RuntimeException e) {
            return "DOCKER_HOST=" + System.getenv("DOCKER_HOST");
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    private static String fix(Throwable e) {
        String m = message(e).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("permission denied")) {
            return "give the executor's user access to the Docker socket (e.g. add it to the docker group) or run it as root";
        }
        return "start the Docker engine (e.g. systemctl start docker), or set DOCKER_HOST to where it listens";
    }
}
