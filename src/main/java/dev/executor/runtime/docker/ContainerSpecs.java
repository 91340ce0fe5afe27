package dev.executor.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumeOptions;
import dev.executor.config.DataSize;
import dev.executor.config.MountSpec;
import dev.executor.runtime.StepSpec;
import java.util.List;
import java.util.Locale;

/**
 * Translates a {@link StepSpec} into a create-container request: the same shape as Sourcegraph's
 * {@code docker run} (workspace at {@code /data}, {@code /bin/sh} entrypoint, limits), plus the sandbox
 * a production runner adds (docs/security.md): labels so every container can be found again, Docker's
 * init so signals reach the step and zombies are reaped, no privilege escalation, a reduced capability
 * set, a pids limit, swap no larger than the memory limit, and the job's private network.
 */
final class ContainerSpecs {

    /**
     * The capabilities a step keeps; everything else is dropped. Docker's default set minus NET_RAW (raw
     * sockets: ARP/DNS spoofing of neighbours), MKNOD (device nodes), SETFCAP and SETPCAP (granting
     * capabilities to files and processes). What is left is what root needs for package managers and
     * builds: chown/chmod and setuid bits while unpacking (CHOWN, FOWNER, FSETID, DAC_OVERRIDE), dropping to
     * another user as apt does for downloads (SETUID, SETGID), signalling its processes (KILL), chroot-based
     * tools (SYS_CHROOT), low ports for test servers (NET_BIND_SERVICE) and audit messages from su/sudo
     * (AUDIT_WRITE).
     */
    static final List<Capability> KEPT_CAPABILITIES = List.of(
            Capability.AUDIT_WRITE, Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER, Capability.FSETID,
            Capability.KILL, Capability.NET_BIND_SERVICE, Capability.SETGID, Capability.SETUID, Capability.SYS_CHROOT);

    private final DockerOptions options;

    ContainerSpecs(DockerOptions options) {
        this.options = options;
    }

    CreateContainerCmd apply(CreateContainerCmd cmd, StepSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                .withBinds(new Bind(spec.hostWorkspace().toString(), new Volume("/data")))
                .withInit(true)
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withCapAdd(KEPT_CAPABILITIES.toArray(Capability[]::new));
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
        if (spec.network() != null) {
            host.withNetworkMode(spec.network());
        }
        if (!options.additionalMounts().isEmpty()) {
            host.withMounts(options.mountSpecs().stream().map(ContainerSpecs::mount).toList());
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

    /** The API form of a checked {@code --mount} spec, options included. */
    static Mount mount(MountSpec spec) {
        Mount mount = new Mount().withType(MountType.valueOf(spec.type().toUpperCase(Locale.ROOT)))
                .withTarget(spec.target())
                .withReadOnly(spec.readOnly());
        if (spec.source() != null) {
            mount.withSource(spec.source());
        }
        String propagation = spec.options().get("bind-propagation");
        if (propagation != null) {
            mount.withBindOptions(new BindOptions().withPropagation(propagation(propagation)));
        }
        String noCopy = spec.options().get("volume-nocopy");
        if (noCopy != null) {
            mount.withVolumeOptions(new VolumeOptions().withNoCopy(Boolean.parseBoolean(noCopy)));
        }
        String size = spec.options().get("tmpfs-size");
        String mode = spec.options().get("tmpfs-mode");
        if (size != null || mode != null) {
            TmpfsOptions tmpfs = new TmpfsOptions();
            if (size != null) {
                tmpfs.withSizeBytes(DataSize.parse(size).bytes());
            }
            if (mode != null) {
                tmpfs.withMode(Integer.parseInt(mode, 8));
            }
            mount.withTmpfsOptions(tmpfs);
        }
        return mount;
    }

    private static BindPropagation propagation(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "private" -> BindPropagation.PRIVATE;
            case "rprivate" -> BindPropagation.R_PRIVATE;
            case "shared" -> BindPropagation.SHARED;
            case "rshared" -> BindPropagation.R_SHARED;
            case "slave" -> BindPropagation.SLAVE;
            default -> BindPropagation.R_SLAVE;
        };
    }
}
