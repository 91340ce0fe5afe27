package dev.executor.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to run one container step, already validated: paths are inside the workspace,
 * the script exists. {@code hostWorkspace} is the path the Docker daemon sees (differs from the
 * executor's own path with {@code EXECUTOR_DOCKER_HOST_MOUNT_PATH}).
 *
 * @param labels      identify the container as ours (job id, queue, executor, step) for recovery and reaping
 * @param network     the network to join, or null for the engine's default (see {@link JobEnvironment})
 * @param credentials the job's own registry credentials ({@code dockerAuthConfig}); {@link RegistryCredentials#NONE}
 *                    when it has none
 */
public record StepSpec(
        long jobId,
        String stepKey,
        String image,
        Path hostWorkspace,
        String workingDir,
        String scriptPath,
        List<String> env,
        Resources resources,
        Map<String, String> labels,
        String network,
        RegistryCredentials credentials) {

    public StepSpec {
        credentials = credentials == null ? RegistryCredentials.NONE : credentials;
    }

    /** This step, joining {@code network}. */
    public StepSpec withNetwork(String network) {
        return new StepSpec(jobId, stepKey, image, hostWorkspace, workingDir, scriptPath, env, resources, labels,
                network, credentials);
    }

    /** Resource limits: {@code nanoCpus} 0 and {@code memoryBytes} 0 mean "no limit". */
    public record Resources(int cpus, long memoryBytes, String memoryText) {
    }
}
