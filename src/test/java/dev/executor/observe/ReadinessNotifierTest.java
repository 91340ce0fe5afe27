package dev.executor.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.health.SmallRyeHealth;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the executor tells systemd, recorded by a real child process standing in for systemd-notify (Java
 * cannot listen on the Unix datagram socket systemd-notify writes to; SystemdBootIT checks it under a real
 * systemd).
 */
class ReadinessNotifierTest {

    @TempDir
    Path tmp;

    /** A notifier whose program appends its arguments, '|'-terminated, as one line per message. */
    SystemdNotifier recording(Path log) {
        return new SystemdNotifier(List.of("sh", "-c", "printf '%s|' \"$@\" >> \"$0\" && echo >> \"$0\"", log.toString()));
    }

    static SmallRyeHealth health(String status, String... checkNameStatusReason) {
        var checks = Json.createArrayBuilder();
        for (int i = 0; i < checkNameStatusReason.length; i += 3) {
            JsonObjectBuilder check = Json.createObjectBuilder().add("name", checkNameStatusReason[i])
                    .add("status", checkNameStatusReason[i + 1]);
            if (checkNameStatusReason[i + 2] != null) {
                check.add("data", Json.createObjectBuilder().add("reason", checkNameStatusReason[i + 2]));
            }
            checks.add(check);
        }
        return new SmallRyeHealth(Json.createObjectBuilder().add("status", status).add("checks", checks).build());
    }

    static List<String> awaitLines(Path log, int count) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(end)) {
            if (Files.exists(log) && Files.readAllLines(log).size() >= count) {
                return Files.readAllLines(log);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + count + " messages, got "
                + (Files.exists(log) ? Files.readAllLines(log) : "none"));
    }

    @Test
    void reportsWhatItWaitsForOnceEachThenReadyOnceAndStops() throws Exception {
        Path log = tmp.resolve("notify.log");
        ConcurrentLinkedQueue<SmallRyeHealth> answers = new ConcurrentLinkedQueue<>(List.of(
                health("DOWN", "docker", "UP", null, "worker", "DOWN", "not started"),
                health("DOWN", "docker", "UP", null, "worker", "DOWN", "not started"),
                health("DOWN", "docker", "DOWN", null, "worker", "DOWN", "no successful heartbeat in the last 15s"),
                health("UP", "docker", "UP", null, "worker", "UP", null)));
        Supplier<SmallRyeHealth> readiness = () -> {
            SmallRyeHealth next = answers.poll();
            if (next == null) {
                throw new AssertionError("readiness asked again after READY=1");
            }
            return next;
        };
        new ReadinessNotifier(readiness, Optional.of(recording(log))).start();

        assertEquals(List.of(
                "STATUS=Waiting: worker: not started|",
                "STATUS=Waiting: docker: down; worker: no successful heartbeat in the last 15s|",
                "READY=1|STATUS=Ready: taking jobs|"), awaitLines(log, 3));
        Thread.sleep(3 * ReadinessNotifier.POLL_MILLIS);
        assertEquals(3, Files.readAllLines(log).size(), "nothing after READY=1");
    }

    @Test
    void stoppingIsReportedAndEndsTheWait() throws Exception {
        Path log = tmp.resolve("notify.log");
        ReadinessNotifier notifier = new ReadinessNotifier(() -> health("DOWN", "worker", "DOWN", "draining"),
                Optional.of(recording(log)));
        notifier.start();
        awaitLines(log, 1);
        notifier.stopping("draining running jobs after SIGTERM");
        List<String> lines = awaitLines(log, 2);
        assertEquals("STOPPING=1|STATUS=Stopping: draining running jobs after SIGTERM|", lines.get(lines.size() - 1));
        Thread.sleep(3 * ReadinessNotifier.POLL_MILLIS);
        assertEquals(lines, Files.readAllLines(log), "no READY or STATUS after STOPPING");
    }

    @Test
    void withoutNotifySocketNothingIsSentAndReadinessIsNotPolled() {
        assertEquals(Optional.empty(), SystemdNotifier.fromEnvironment(Map.of()));
        assertEquals(Optional.empty(), SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "")));
        assertTrue(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify")).isPresent());
        ReadinessNotifier quiet = new ReadinessNotifier(() -> {
            throw new AssertionError("polled without systemd");
        }, Optional.empty());
        quiet.start();
        quiet.stopping("test");
    }

    @Test
    void sendReportsFailureInsteadOfThrowing() throws Exception {
        assertFalse(new SystemdNotifier(List.of("false")).send("READY=1"));
        assertFalse(new SystemdNotifier(List.of(tmp.resolve("no-such-program").toString())).send("READY=1"));
        Path log = tmp.resolve("notify.log");
        assertTrue(recording(log).send("STATUS=two\nlines"));
        assertEquals(List.of("STATUS=two lines|"), Files.readAllLines(log), "a newline would start a second assignment");
    }
}
