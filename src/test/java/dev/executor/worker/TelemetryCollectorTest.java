package dev.executor.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.queue.Telemetry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Telemetry from the real tools on this host, and the overall budget that a hung probe cannot exceed. */
class TelemetryCollectorTest {

    @Test
    void readsTheRealGitVersionAndGoStyleOsAndArchitecture() throws Exception {
        Telemetry t = TelemetryCollector.collect(() -> "20.10.24", List.of("git", "version"),
                List.of("src-does-not-exist-here", "version"), "5.3.0", Duration.ofSeconds(5));
        Process git = new ProcessBuilder("git", "version").start();
        String expected = new String(git.getInputStream().readAllBytes()).trim().replace("git version ", "");
        assertEquals(expected, t.gitVersion());
        assertTrue(t.gitVersion().matches("\\d+\\.\\d+.*"), t.gitVersion());
        assertEquals("20.10.24", t.dockerVersion());
        assertEquals("", t.srcCliVersion(), "a missing src leaves the field empty");
        assertEquals("5.3.0", t.executorVersion());
        assertEquals("linux", t.os());
        assertTrue(List.of("amd64", "arm64", "386").contains(t.architecture()), t.architecture());
    }

    @Test
    void aHungProbeIsCutOffByTheOverallBudget() {
        long start = System.nanoTime();
        Telemetry t = TelemetryCollector.collect(() -> {
            try {
                Thread.sleep(30_000); // a Docker daemon that never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "never";
        }, List.of("sleep", "30"), List.of("git", "version"), "5.3.0", Duration.ofMillis(700));
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took < 3000, "telemetry took " + took + " ms with a 700 ms budget");
        assertEquals("", t.dockerVersion());
        assertEquals("", t.gitVersion(), "the slow 'git' command is cut off");
        assertTrue(t.srcCliVersion().startsWith("git version") || t.srcCliVersion().matches("\\d.*"),
                "a fast probe still reports: " + t.srcCliVersion());
    }

    @Test
    void aFailingDockerProbeLeavesOnlyItsFieldEmpty() {
        Telemetry t = TelemetryCollector.collect(() -> {
            throw new IllegalStateException("Cannot connect to the Docker daemon");
        }, List.of("git", "version"), List.of("false"), "5.3.0", Duration.ofSeconds(5));
        assertEquals("", t.dockerVersion());
        assertEquals("", t.srcCliVersion(), "a command that fails reports nothing");
        assertTrue(t.gitVersion().matches("\\d+\\.\\d+.*"), t.gitVersion());
    }

    @Test
    void architectureNamesFollowGo() {
        String saved = System.getProperty("os.arch");
        try {
            for (String[] pair : new String[][] {{"x86_64", "amd64"}, {"amd64", "amd64"}, {"aarch64", "arm64"},
                    {"i686", "386"}, {"riscv64", "riscv64"}}) {
                System.setProperty("os.arch", pair[0]);
                assertEquals(pair[1], TelemetryCollector.goArch(), pair[0]);
            }
        } finally {
            System.setProperty("os.arch", saved);
        }
    }
}
