package dev.executor.workspace.git;

import dev.executor.config.HostEnvironment;

import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepStartException;
import dev.executor.runtime.host.HostCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The startup check that the host's git can clone the way §4.4 does. Run once before the executor
 * dequeues anything: a job that fails at {@code git fetch} is a worse way to learn git is too old.
 */
public final class GitVersionCheck {

    private static final long TIMEOUT_SECONDS = 10;

    private GitVersionCheck() {
    }

    /** Why the executor cannot use the host's git, or empty when it can. */
    public static Optional<String> problem() {
        return problem(HostEnvironment.ofProcess().variables());
    }

    static Optional<String> problem(Map<String, String> hostEnv) {
        String path = hostEnv.getOrDefault("PATH", "");
        Optional<Path> git = HostCommand.which("git", path);
        if (git.isEmpty()) {
            return Optional.of("git is required to clone repositories but was not found on PATH \"" + path + "\"");
        }
        StringBuilder out = new StringBuilder();
        int exitCode;
        Cancellation timeout = new Cancellation();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.schedule(() -> timeout.cancel(Cancellation.Reason.TIMED_OUT), TIMEOUT_SECONDS, TimeUnit.SECONDS);
            exitCode = HostCommand.run(List.of(git.get().toString(), "version"), null, HostCommand.environment(List.of(), hostEnv),
                    (pipe, line) -> out.append(line).append('\n'), timeout);
        } catch (StepStartException e) {
            return Optional.of("git at " + git.get() + " could not be run: " + e.getMessage());
        } catch (StepCancelledException e) {
            return Optional.of("\"git version\" did not answer within " + TIMEOUT_SECONDS + " s");
        } finally {
            timer.shutdownNow();
        }
        if (exitCode != 0) {
            return Optional.of("\"git version\" failed with exit code " + exitCode + ": " + out.toString().strip());
        }
        return check(out.toString());
    }

    /** The verdict on {@code git version} output. */
    static Optional<String> check(String versionOutput) {
        Optional<GitVersion> version = GitVersion.parse(versionOutput);
        if (version.isEmpty()) {
            return Optional.of("cannot read the git version from \"" + versionOutput.strip() + "\"; git "
                    + GitVersion.MINIMUM + " or newer is required");
        }
        if (!version.get().atLeast(GitVersion.MINIMUM)) {
            return Optional.of("git " + version.get() + " is too old: " + GitVersion.MINIMUM.major() + "."
                    + GitVersion.MINIMUM.minor() + " or newer is required (protocol v2 and sparse checkout)");
        }
        return Optional.empty();
    }
}
