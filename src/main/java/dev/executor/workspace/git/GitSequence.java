package dev.executor.workspace.git;

import dev.executor.config.HostEnvironment;

import dev.executor.logs.JobLog;
import dev.executor.logs.LogEntry;
import dev.executor.logs.Pipe;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepStartException;
import dev.executor.runtime.host.HostCommand;
import dev.executor.workspace.WorkspaceException;
import dev.executor.workspace.git.GitCommands.GitCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a planned clone sequence on the host: each command its own log entry and its own
 * {@code src_apiworker_command{op=<key>}} sample. The first failing command ends the clone with
 * {@code failed setup.git.<key>: command failed with exit code <n>}.
 */
public final class GitSequence {

    /** Always set for git (spec §4.4): never prompt for credentials, never fetch LFS objects. */
    static final List<String> GIT_ENV = List.of("GIT_TERMINAL_PROMPT=0", "GIT_LFS_SKIP_SMUDGE=1");

    private GitSequence() {
    }

    /** @param host the executor's forwarded variables ({@link HostEnvironment}), read by the configuration */
    public static void run(List<GitCommand> commands, JobLog log, Cancellation cancel, CommandMetrics metrics,
            HostEnvironment host) {
        run(commands, Map.of(), log, cancel, metrics, host);
    }

    /**
     * As {@link #run(List, JobLog, Cancellation, CommandMetrics, HostEnvironment)}, with {@code extraEnv} added to
     * git's environment (the git proxy's secret): never logged, never on a command line.
     */
    static void run(List<GitCommand> commands, Map<String, String> extraEnv, JobLog log, Cancellation cancel,
            CommandMetrics metrics, HostEnvironment host) {
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.putAll(HostCommand.environment(GIT_ENV, host.variables()));
        for (GitCommand command : commands) {
            long start = System.nanoTime();
            boolean failed = true;
            try {
                runOne(command, env, log, cancel);
                failed = false;
            } finally {
                metrics.record(command.key(), start, failed);
            }
        }
    }

    private static void runOne(GitCommand command, Map<String, String> env, JobLog log, Cancellation cancel) {
        LogEntry entry = log.open(command.key(), command.argv());
        int exitCode;
        try {
            exitCode = HostCommand.run(command.argv(), null, env, entry::appendLine, cancel);
        } catch (StepStartException e) {
            entry.appendLine(Pipe.STDERR, e.getMessage());
            log.close(entry, HostCommand.NOT_STARTED);
            throw new WorkspaceException("failed " + command.key() + ": " + e.getMessage(), e);
        } catch (StepCancelledException e) {
            entry.appendLine(Pipe.STDERR, "command stopped: " + e.getMessage() + "; " + e.howStopped());
            log.close(entry, -1);
            throw new WorkspaceException("failed " + command.key() + ": " + e.getMessage(), e);
        }
        log.close(entry, exitCode);
        if (exitCode != 0) {
            throw new WorkspaceException("failed " + command.key() + ": command failed with exit code " + exitCode);
        }
    }
}
