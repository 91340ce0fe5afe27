package dev.executor.worker;

import dev.executor.queue.Telemetry;
import dev.executor.runtime.Runtime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Gathers heartbeat telemetry once at start-up (spec §1.5): OS and architecture in Go's words, the
 * Docker engine version from its API, and the git and src-cli versions from their own commands. The
 * three probes run in parallel within one overall budget, as Sourcegraph's 5 s, so a hung Docker daemon
 * cannot delay the first heartbeat; a tool that is missing or slow leaves its field empty and is only
 * logged.
 */
public final class TelemetryCollector {

    private static final Logger LOG = Logger.getLogger(TelemetryCollector.class);

    /** Sourcegraph's overall telemetry budget. */
    static final Duration BUDGET = Duration.ofSeconds(5);

    private TelemetryCollector() {
    }

    public static Telemetry collect(Runtime runtime, String executorVersion) {
        return collect(runtime::serverVersion, List.of("git", "version"), List.of("src", "version", "-client-only"),
                executorVersion, BUDGET);
    }

    static Telemetry collect(Supplier<String> dockerVersion, List<String> gitCommand, List<String> srcCommand,
            String executorVersion, Duration budget) {
        ExecutorService probes = Executors.newFixedThreadPool(3, dev.executor.queue.NamedThreads.factory("telemetry-probe"));
        try {
            CompletableFuture<String> docker = CompletableFuture.supplyAsync(dockerVersion, probes);
            CompletableFuture<String> git = CompletableFuture.supplyAsync(
                    () -> strip(firstLine(gitCommand, budget), "git version "), probes);
            CompletableFuture<String> src = CompletableFuture.supplyAsync(
                    () -> strip(firstLine(srcCommand, budget), "Current version: "), probes);
            long deadline = System.nanoTime() + budget.toNanos();
            return new Telemetry(osName(), goArch(), await("Docker engine version", docker, deadline), executorVersion,
                    await("git version", git, deadline), await("src-cli version", src, deadline));
        } finally {
            probes.shutdownNow();
        }
    }

    private static String await(String what, CompletableFuture<String> probe, long deadlineNanos) {
        try {
            String value = probe.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return value == null ? "" : value;
        } catch (TimeoutException e) {
            LOG.warnf("Could not read the %s within %s; reporting it empty", what, BUDGET);
        } catch (ExecutionException e) {
            LOG.warnf("Could not read the %s: %s", what, e.getCause() == null ? e : e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    /** Go's {@code runtime.GOOS}: the JVM's name lower-cased ("linux"). */
    static String osName() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    }

    static String goArch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> arch;
        };
    }

    /** Runs a version command within the budget; empty when it is missing, fails or is too slow. */
    static String firstLine(List<String> command, Duration budget) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "";
        }
        try {
            if (!p.waitFor(budget.toMillis(), TimeUnit.MILLISECONDS)) {
                return "";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int nl = out.indexOf('\n');
            return p.exitValue() == 0 ? (nl >= 0 ? out.substring(0, nl) : out) : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } finally {
            p.destroyForcibly(); // no-op when it has exited; never leave a hung tool behind
        }
    }

    private static String strip(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()).trim() : text.trim();
    }
}
