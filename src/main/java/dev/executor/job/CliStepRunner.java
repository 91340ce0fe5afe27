package dev.executor.job;

import dev.executor.logs.JobLog;
import dev.executor.logs.LogEntry;
import dev.executor.logs.Pipe;
import dev.executor.model.CliStep;
import dev.executor.model.Job;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepStartException;
import dev.executor.runtime.host.HostCommand;
import dev.executor.workspace.Workspace;
import dev.executor.workspace.WorkspaceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a job's {@code cliSteps} (spec §4.6; batch changes v1, §9.1): {@code src <command...>} on the host
 * in {@code <workspace>/<dir>}, with the step's env, {@code DOCKER_CONFIG} when registry credentials apply,
 * and the forwarded host variables. The executor starts without {@code src}; it is looked up on
 * {@code PATH} when a job needs it, before anything of that job runs.
 */
final class CliStepRunner {

    /** One checked step: its log key, the logged command ({@code src ...}) and the step. */
    record Planned(String key, List<String> command, CliStep step) {
    }

    /** The steps of one job and the {@code src} that runs them; empty when the job has none. */
    record Plan(Path src, List<Planned> steps) {
        static final Plan NONE = new Plan(null, List.of());
    }

    private final JobSettings settings;
    private final Map<String, String> hostEnv;

    CliStepRunner(JobSettings settings, Map<String, String> hostEnv) {
        this.settings = settings;
        this.hostEnv = hostEnv;
    }

    /** Checks that {@code src} is installed and every dir stays inside the workspace. */
    Plan plan(Job job, Workspace workspace) {
        List<CliStep> steps = job.cliStepsOrEmpty();
        if (steps.isEmpty()) {
            return Plan.NONE;
        }
        String path = hostEnv.getOrDefault("PATH", "");
        Path src = HostCommand.which("src", path).orElseThrow(() -> new JobFailure("job " + job.id() + " has cliSteps, but"
                + " src-cli is not installed on this executor: no executable \"src\" on PATH \"" + path + "\""));
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            CliStep step = steps.get(i);
            String key = "step.src." + (step.key() == null || step.key().isEmpty() ? Integer.toString(i) : step.key());
            resolveDir(workspace, key, step);
            List<String> command = new ArrayList<>(List.of("src"));
            command.addAll(step.commandOrEmpty());
            planned.add(new Planned(key, List.copyOf(command), step));
        }
        return new Plan(src, List.copyOf(planned));
    }

    /** Runs the steps in order; the first failure ends the job. Blocks: call it on the job side's executor. */
    void run(JobContext job, Workspace workspace, Plan plan) {
        if (plan.steps().isEmpty()) {
            return;
        }
        try (DockerConfigDir dockerConfig = DockerConfigDir.writeIfAny(job.job(), settings.dockerAuthConfig(),
                settings.workspaceRoot())) {
            for (Planned step : plan.steps()) {
                runStep(workspace, plan.src(), step, dockerConfig, job);
            }
        }
    }

    private void runStep(Workspace workspace, Path src, Planned planned, DockerConfigDir dockerConfig, JobContext job) {
        JobLog log = job.log();
        // Resolved again now: the clone or a docker step may have put a symlink where the dir is.
        Path dir = resolveDir(workspace, planned.key(), planned.step());
        List<String> env = new ArrayList<>(planned.step().envOrEmpty());
        if (dockerConfig != null) {
            env.add("DOCKER_CONFIG=" + dockerConfig.dir());
        }
        List<String> argv = new ArrayList<>(planned.command());
        argv.set(0, src.toString());
        LogEntry entry = log.open(planned.key(), planned.command());
        int exitCode;
        try {
            exitCode = HostCommand.run(argv, dir, HostCommand.environment(env, hostEnv), entry::appendLine,
                    job.cancellation());
        } catch (StepStartException e) {
            entry.appendLine(Pipe.STDERR, e.getMessage());
            log.close(entry, HostCommand.NOT_STARTED);
            throw new JobFailure("failed to perform src-cli step: " + e.getMessage());
        } catch (StepCancelledException e) {
            entry.appendLine(Pipe.STDERR, "step stopped: " + e.getMessage() + "; " + e.howStopped());
            log.close(entry, -1);
            throw new JobFailure("failed to perform src-cli step: " + e.getMessage());
        }
        log.close(entry, exitCode);
        if (exitCode != 0) {
            throw new JobFailure("failed to perform src-cli step: command failed with exit code " + exitCode);
        }
    }

    private static Path resolveDir(Workspace workspace, String key, CliStep step) {
        try {
            Path dir = workspace.resolve(step.dir(), "step \"" + key + "\" dir");
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new JobFailure("step \"" + key + "\" dir \"" + step.dir() + "\" is not a directory");
            }
            return dir;
        } catch (WorkspaceException e) {
            throw new JobFailure(e.getMessage());
        }
    }
}
