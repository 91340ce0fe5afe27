package dev.executor.cli.runjob;

import dev.executor.config.HostEnvironment;

import dev.executor.logs.JobLog;
import dev.executor.logs.Pipe;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepStartException;
import dev.executor.runtime.host.HostCommand;
import dev.executor.workspace.RepositoryCloner;
import dev.executor.workspace.WorkspaceException;
import dev.executor.workspace.git.GitCommands;
import dev.executor.workspace.git.GitSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code run-job --repo DIR}: the service's clone sequence ({@link GitCommands}, same commands, flags and
 * {@code setup.git.*} log keys, run by {@link GitSequence}) with {@code origin} at a local repository
 * ({@code file://}, so shallow fetches work as over the network) instead of the frontend's git proxy. The
 * job's commit may be any revision of that repository ({@code HEAD}, a branch): it is resolved to a SHA
 * first, because git fetches commits, not names.
 */
public final class LocalRepositoryCloner implements RepositoryCloner {

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private final Path source;
    private final CommandMetrics metrics;

    public LocalRepositoryCloner(Path source, CommandMetrics metrics) {
        this.source = source.toAbsolutePath().normalize();
        this.metrics = metrics;
    }

    @Override
    public void checkout(Job job, JobRef ref, Path repoDir, JobLog log, Cancellation cancel) {
        Job resolved = job.withCommit(resolve(job.commit()));
        GitCommands.validate(resolved);
        try {
            Files.createDirectories(repoDir);
        } catch (IOException e) {
            throw new WorkspaceException("creating " + repoDir + ": " + e.getMessage(), e);
        }
        GitSequence.run(GitCommands.plan(resolved, repoDir, source.toUri().toString()), log, cancel, metrics,
                HostEnvironment.ofProcess());
    }

    /** The job's commit as a SHA of the source repository; {@code HEAD} when the job names none. */
    String resolve(String commit) {
        String revision = commit == null || commit.isEmpty() ? "HEAD" : commit;
        if (FULL_SHA.matcher(revision).matches()) {
            return revision;
        }
        if (revision.startsWith("-")) {
            throw new WorkspaceException("commit \"" + revision + "\" is not a git revision");
        }
        StringBuilder out = new StringBuilder();
        int exitCode;
        try {
            exitCode = HostCommand.run(List.of("git", "-C", source.toString(), "rev-parse", "--verify", "--quiet",
                    revision + "^{commit}"), null, HostCommand.environment(List.of(), System.getenv()),
                    (pipe, line) -> {
                        if (pipe == Pipe.STDOUT) {
                            out.append(line);
                        }
                    }, new Cancellation());
        } catch (StepStartException | StepCancelledException e) {
            throw new WorkspaceException("resolving commit \"" + revision + "\" in " + source + ": " + e.getMessage(), e);
        }
        String sha = out.toString().trim();
        if (exitCode != 0 || !FULL_SHA.matcher(sha).matches()) {
            throw new WorkspaceException("commit \"" + revision + "\" not found in --repo " + source
                    + " (is it a git repository with that revision?)");
        }
        return sha;
    }
}
