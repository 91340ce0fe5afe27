package dev.executor.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Volume;
import dev.executor.runtime.StepSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a {@link StepSpec} into a create-container request: the same shape as Sourcegraph's
 * {@code docker run} (workspace at {@code /data}, {@code /bin/sh} entrypoint, limits), plus what a
 * production runner adds: labels so every container can be found again, Docker's init so signals
 * reach the step and zombies are reaped, no privilege escalation, a pids limit and swap no larger than
 * the memory limit.
 */
final class ContainerSpecs {

    private final DockerOptions options;

    ContainerSpecs(DockerOptions options) {
        this.options = options;
    }

    CreateContainerCmd apply(CreateContainerCmd cmd, StepSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                .withBinds(new Bind(spec.hostWorkspace().toString(), new Volume("/data")))
                .withInit(true)
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"));
        if (options.pidsLimit() > 0) {
            host.withPidsLimit(options.pidsLimit());
        }
        if (spec.resources().cpus() > 0) {
            host.withNanoCPUs(spec.resources().cpus() * 1_000_000_000L);
        }
        if (spec.resources().memoryBytes() > 0) {
            host.withMemory(spec.resources().memoryBytes()).withMemorySwap(spec.resources().memoryBytes());
        }
        if (options.addHostGateway()) {
            host.withExtraHosts("host.docker.internal:host-gateway");
        }
        List<Mount> mounts = new ArrayList<>();
        for (String raw : options.additionalMounts()) {
            mounts.add(parseMount(raw));
        }
        if (!mounts.isEmpty()) {
            host.withMounts(mounts);
        }
        return cmd.withEntrypoint("/bin/sh")
                .withCmd(spec.scriptPath())
                .withWorkingDir(spec.workingDir())
                .withEnv(spec.env())
                .withLabels(spec.labels())
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withHostConfig(host);
    }

    /** Parses a {@code --mount} spec already validated by the configuration. */
    static Mount parseMount(String raw) {
        Mount mount = new Mount().withType(MountType.BIND);
        for (String part : raw.split(",")) {
            String[] kv = part.split("=", 2);
            String key = kv[0].trim().toLowerCase();
            String value = kv.length > 1 ? kv[1].trim() : "";
            switch (key) {
                case "type" -> mount.withType(MountType.valueOf(value.toUpperCase()));
                case "source", "src" -> mount.withSource(value);
                case "target", "dst", "destination" -> mount.withTarget(value);
                case "readonly", "ro" -> mount.withReadOnly(value.isEmpty() || Boolean.parseBoolean(value) || value.equals("1"));
                default -> {
                    // other options (e.g. bind-propagation) are not needed by executors
                }
            }
        }
        return mount;
    }
}
