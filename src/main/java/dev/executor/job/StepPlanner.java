package dev.executor.job;

import dev.executor.model.DockerStep;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.runtime.RegistryCredentials;
import dev.executor.runtime.StepSpec;
import dev.executor.workspace.StepScripts;
import dev.executor.workspace.Workspace;
import dev.executor.workspace.WorkspaceException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a job's docker steps into runnable {@link StepSpec}s. Every step is validated before anything runs, so a
 * job with one bad step dir starts no container at all.
 */
final class StepPlanner {

    private final JobSettings settings;

    StepPlanner(JobSettings settings) {
        this.settings = settings;
    }

    List<StepSpec> plan(Job job, JobRef ref, Workspace workspace, Instant expires, RegistryCredentials credentials) {
        List<StepSpec> specs = new ArrayList<>();
        // The path the Docker daemon sees, which differs from ours with EXECUTOR_DOCKER_HOST_MOUNT_PATH.
        Path hostWorkspace = settings.hostMountPath() == null || settings.hostMountPath().isEmpty()
                ? workspace.root()
                : Path.of(settings.hostMountPath()).resolve(workspace.root().getFileName());
        List<DockerStep> steps = job.dockerStepsOrEmpty();
        for (int i = 0; i < steps.size(); i++) {
            DockerStep step = steps.get(i);
            String key = stepKey(step, i);
            Path dir;
            try {
                dir = workspace.resolve(step.dir(), "step \"" + key + "\" dir");
            } catch (WorkspaceException e) {
                throw new JobFailure(e.getMessage());
            }
            String relative = workspace.root().relativize(dir).toString();
            String workingDir = relative.isEmpty() ? "/data" : "/data/" + relative;
            specs.add(new StepSpec(job.id(), key, step.image(), hostWorkspace, workingDir,
                    StepScripts.containerPath(job, i), step.envOrEmpty(), settings.resources(),
                    StepLabels.of(job.id(), ref.queue(), settings.executorName(), key, expires), null, credentials));
        }
        return specs;
    }

    /** {@code step.docker.<key>}, or the step's index when it has no key (spec §4.6). */
    static String stepKey(DockerStep step, int index) {
        return "step.docker." + (step.key() == null || step.key().isEmpty() ? Integer.toString(index) : step.key());
    }
}
