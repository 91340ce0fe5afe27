package dev.executor.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real program to completion (systemd-analyze, shellcheck, tar, the unpacked executor) and returns
 * its exit code and combined output; a missing program or a timeout fails the test.
 */
public final class Command {

    private Command() {
    }

    public record Result(int exitCode, String output) {
        /** The exit code and output together, for assertion messages. */
        @Override
        public String toString() {
            return "exit " + exitCode + ", output:\n" + output;
        }
    }

    public static Result run(List<String> argv) {
        return run(argv, null, null, Duration.ofSeconds(120));
    }

    /**
     * @param dir working directory, {@code null} for ours
     * @param env the whole environment of the child, {@code null} to inherit ours
     */
    public static Result run(List<String> argv, Path dir, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        try {
            File out = File.createTempFile("command-", ".out");
            try {
                Process p = pb.redirectOutput(out).start();
                p.getOutputStream().close();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(argv + " did not finish within " + timeout);
                }
                return new Result(p.exitValue(), java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8));
            } finally {
                out.delete();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv + ": " + e.getMessage()
                    + " (CI installs systemd, shellcheck and docker.io: see .ci/run)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
