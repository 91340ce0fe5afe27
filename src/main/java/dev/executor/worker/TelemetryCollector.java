package dev.executor.worker;

import dev.executor.queue.Telemetry;
import dev.executor.runtime.Runtime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Gathers heartbeat telemetry once at start-up (spec §1.5): OS and architecture in Go's words, the
 * Docker engine version from its API, and the git and src-cli versions from their own commands. A tool
 * that is missing or slow leaves its field empty; it is only logged.
 */
public final class TelemetryCollector {

    private static final Logger LOG = Logger.getLogger(TelemetryCollector.class);

    private TelemetryCollector() {
    }

    public static Telemetry collect(Runtime runtime, String executorVersion) {
        String docker = "";
        try {
            docker = runtime.serverVersion();
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the Docker engine version: %s", e.getMessage());
        }
        String git = strip(firstLine(List.of("git", "version")), "git version ");
        String src = strip(firstLine(List.of("src", "version", "-client-only")), "Current version: ");
        return new Telemetry("linux".equals(osName()) ? "linux" : osName(), goArch(), docker, executorVersion, git, src);
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

    private static String osName() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    }

    /** Runs a version command with a short budget; empty when it is missing or fails. */
    static String firstLine(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
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
        }
    }

    private static String strip(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()).trim() : text.trim();
    }
}
