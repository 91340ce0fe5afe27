package dev.executor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.config.EnvVar;
import dev.executor.config.GoDuration;
import dev.executor.testing.Command;
import dev.executor.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd/sourcegraph-executor.service}: accepted by systemd's own checker, shaped as the design
 * document says, and consistent with what the executor does on SIGTERM and where it writes.
 */
class SystemdUnitTest {

    static final String UNIT = "sourcegraph-executor.service";
    final SystemdUnit unit = SystemdUnit.read();

    /**
     * An image of the target system: the host's system units (targets, docker.socket and docker.service from
     * Debian's docker.io), our unit in /etc/systemd/system and our launcher as ExecStart, which
     * systemd-analyze checks exists and is executable.
     */
    static Path systemRoot(Path root) throws IOException {
        Path hostUnits = Path.of("/usr/lib/systemd/system");
        Path units = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        try (Stream<Path> files = Files.list(hostUnits)) {
            for (Path f : files.toList()) {
                Files.copy(f, units.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
        assertTrue(Files.exists(units.resolve("docker.socket")),
                "docker.socket is not installed on this machine (apt-get install docker.io, as .ci/run does)");
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.copy(SystemdUnit.PATH, etc.resolve(UNIT));
        Path bin = Files.createDirectories(root.resolve("opt/sourcegraph/bin"));
        Files.copy(Path.of("src/main/dist/bin/executor"), bin.resolve("executor"), StandardCopyOption.COPY_ATTRIBUTES);
        return root;
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitWithoutAWord(@TempDir Path tmp) throws IOException {
        Path root = systemRoot(tmp);
        Command.Result r = Command.run(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root, UNIT));
        assertEquals(0, r.exitCode(), r.toString());
        // systemd-analyze exits 0 on unknown keys and unparsable values, which it only prints.
        assertEquals("", r.output().strip(), r.toString());
    }

    @Test
    void sandboxingKeepsItsExposureScoreLow(@TempDir Path tmp) throws IOException {
        Path root = systemRoot(tmp);
        Command.Result r = Command.run(List.of("systemd-analyze", "security", "--offline=yes", "--threshold=40",
                "--no-pager", "--root=" + root, UNIT));
        // 3.2 when written; --threshold=40 (tenths) fails the command above 4.0.
        assertEquals(0, r.exitCode(), r.toString());
        Matcher m = Pattern.compile("Overall exposure level for " + Pattern.quote(UNIT) + ": ([0-9.]+)")
                .matcher(r.output());
        assertTrue(m.find(), r.toString());
        assertTrue(Double.parseDouble(m.group(1)) <= 4.0, r.toString());
    }

    @Test
    void hasTheDesignDocumentsDirectives() {
        assertTrue(unit.words("Unit.After").contains("docker.service"));
        assertTrue(unit.words("Unit.Requires").contains("docker.socket"));
        assertEquals(Optional.of("/opt/sourcegraph/bin/executor"), unit.get("Service.ExecStart"));
        assertEquals(Optional.of("/opt/sourcegraph/etc/executor.env"), unit.get("Service.EnvironmentFile"));
        assertEquals(Optional.of("multi-user.target"), unit.get("Install.WantedBy"));
    }

    @Test
    void reportsReadinessAndRestartsWithinALimit() {
        assertEquals(Optional.of("notify"), unit.get("Service.Type"));
        // systemd-notify runs as a child of the executor; only NotifyAccess=all accepts its message.
        assertEquals(Optional.of("all"), unit.get("Service.NotifyAccess"));
        assertEquals(Optional.of("on-failure"), unit.get("Service.Restart"));
        assertTrue(unit.get("Unit.StartLimitBurst").isPresent());
        assertTrue(unit.get("Unit.StartLimitIntervalSec").isPresent());
    }

    @Test
    void stopWaitsForTheWholeDrain() {
        assertEquals(Optional.of("SIGTERM"), unit.get("Service.KillSignal"));
        assertEquals(Optional.of("mixed"), unit.get("Service.KillMode"), "SIGTERM to the executor only");
        Duration drain = GoDuration.parse(EnvVar.EXECUTOR_SHUTDOWN_TIMEOUT.defaultValue())
                .plus(GoDuration.parse(EnvVar.EXECUTOR_CANCEL_GRACE_PERIOD.defaultValue()))
                .plus(Worker.ABORT_FLUSH_ALLOWANCE);
        Duration stop = timespan(unit.get("Service.TimeoutStopSec").orElseThrow());
        assertTrue(stop.compareTo(drain) >= 0, "TimeoutStopSec " + stop + " is shorter than the drain " + drain);
        assertTrue(stop.compareTo(drain.plusMinutes(2)) <= 0, "TimeoutStopSec " + stop + " is far above the drain "
                + drain + ": a hung executor would hold shutdown that long");
    }

    @Test
    void workspacesAndStateAreWritableHostPathsDockerdSeesToo() {
        assertFalse(unit.get("Service.PrivateTmp").map(v -> v.equals("yes") || v.equals("true")).orElse(false),
                "PrivateTmp would hide workspaces under /tmp from dockerd");
        assertFalse(unit.get("Service.MemoryDenyWriteExecute").isPresent(), "the JVM's JIT needs W+X memory");
        assertEquals(Optional.of("strict"), unit.get("Service.ProtectSystem"));
        Map<String, String> env = unit.environment();
        List<String> writable = unit.words("Service.ReadWritePaths");
        String stateDirectory = "/var/lib/" + unit.words("Service.StateDirectory").get(0);
        for (String var : List.of("TMPDIR", "EXECUTOR_STATE_DIR")) {
            String dir = env.get(var);
            assertTrue(dir != null && dir.startsWith(stateDirectory + "/"), var + "=" + dir + " not under " + stateDirectory);
            assertTrue(writable.stream().anyMatch(w -> dir.startsWith(w + "/")), var + "=" + dir + " not in ReadWritePaths " + writable);
        }
    }

    /** A systemd time span such as {@code 11min}, {@code 90s} or {@code 1h 30min}. */
    static Duration timespan(String text) {
        Duration total = Duration.ZERO;
        Matcher m = Pattern.compile("(\\d+)\\s*(h|min|s|ms)").matcher(text);
        int matched = 0;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "min" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            matched += m.group().length();
        }
        assertEquals(text.replace(" ", "").length(), matched, "unsupported time span " + text);
        return total;
    }
}
