package dev.executor.cli.validate;

import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepStartException;
import dev.executor.runtime.host.HostCommand;
import dev.executor.workspace.git.GitVersionCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The host tools of spec §4.1/§5, found and run as the service runs them ({@link HostCommand}): git (at
 * least 2.26, for protocol v2 and sparse checkout) clones every repository, with the same verdict the
 * service applies at start ({@link GitVersionCheck}); src (src-cli) only runs the host-side step of src-cli
 * batch jobs, so its absence is a warning.
 */
final class ToolCheck {

    private static final long TIMEOUT_SECONDS = 10;

    private ToolCheck() {
    }

    static CheckResult git(Map<String, String> env) {
        Optional<String> problem = GitVersionCheck.problem();
        if (problem.isPresent()) {
            return CheckResult.fail("git", problem.get(), "install or upgrade git to 2.26 or newer (e.g. apt-get install git)");
        }
        return CheckResult.pass("git", versionLine(env, "git", "version")
                .map(line -> line.replaceFirst("^git version ", "version ")).orElse("found"));
    }

    /** The local src-cli version, or {@code null} with the line to print when it is missing or broken. */
    record Src(Semver version, CheckResult problem) {
    }

    static Src src(Map<String, String> env) {
        if (HostCommand.which("src", env.getOrDefault("PATH", "")).isEmpty()) {
            return new Src(null, CheckResult.warn("src", "not found on PATH; only batch changes executed with "
                    + "src-cli on the host (the batch-exec step) need it",
                    "install the src-cli release your Sourcegraph recommends into the PATH "
                            + "(https://github.com/sourcegraph/src-cli/releases)"));
        }
        Optional<String> line = versionLine(env, "src", "version", "-client-only");
        Semver version = line.map(Semver::find).orElse(null);
        if (version == null) {
            return new Src(null, CheckResult.fail("src", "\"src version -client-only\" failed"
                    + line.map(l -> ": " + l).orElse(""), "reinstall src-cli"));
        }
        return new Src(version, null);
    }

    /** The first line a version command prints, when it exits 0 within the time budget. */
    private static Optional<String> versionLine(Map<String, String> env, String program, String... args) {
        Optional<Path> binary = HostCommand.which(program, env.getOrDefault("PATH", ""));
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        Cancellation timeout = new Cancellation();
        ScheduledExecutorService timer = dev.executor.queue.NamedThreads.scheduler("validate-timeout", 1);
        try {
            timer.schedule(() -> timeout.cancel(Cancellation.Reason.TIMED_OUT), TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> argv = new ArrayList<>(List.of(binary.get().toString()));
            argv.addAll(List.of(args));
            int exitCode = HostCommand.run(argv, null, HostCommand.environment(List.of(), env), (pipe, text) -> {
                if (out.isEmpty()) {
                    out.append(text);
                }
            }, timeout);
            return exitCode == 0 ? Optional.of(out.toString().trim()) : Optional.empty();
        } catch (StepStartException | StepCancelledException e) {
            return Optional.empty();
        } finally {
            timer.shutdownNow();
        }
    }
}
