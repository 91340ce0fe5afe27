package dev.executor.runtime.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.logs.Pipe;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCommandTest {

    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    void line(Pipe pipe, String line) {
        lines.add(pipe.prefix() + line);
    }

    @Test
    void forwardsOnlyTheFourHostVariablesAndTheyWinOverStepValues() {
        Map<String, String> host = Map.of("HOME", "/home/x", "PATH", "/usr/bin", "USER", "x", "DOCKER_HOST",
                "unix:///d.sock", "EXECUTOR_FRONTEND_PASSWORD", "secret", "LANG", "C");
        Map<String, String> env = HostCommand.environment(List.of("A=1", "PATH=/step/bin", "B=x=y", "NOVALUE"), host);
        assertEquals(Map.of("A", "1", "B", "x=y", "NOVALUE", "", "HOME", "/home/x", "PATH", "/usr/bin", "USER", "x",
                "DOCKER_HOST", "unix:///d.sock"), env);
    }

    @Test
    void unsetHostVariablesAreLeftOut() {
        assertEquals(Map.of("PATH", "/bin"), HostCommand.environment(List.of(), Map.of("PATH", "/bin")));
    }

    @Test
    void streamsBothPipesLineByLineAndReturnsTheExitCode(@TempDir Path dir) {
        int code = HostCommand.run(List.of("/bin/sh", "-c", "echo one; echo two >&2; printf 'no newline'; pwd >&2; exit 3"),
                dir, Map.of(), this::line, new Cancellation());
        assertEquals(3, code);
        assertTrue(lines.containsAll(List.of("stdout: one", "stderr: two", "stdout: no newline", "stderr: " + dir)), lines.toString());
    }

    @Test
    void theChildSeesExactlyTheGivenEnvironmentAndNoStdin(@TempDir Path dir) {
        HostCommand.run(List.of("/bin/sh", "-c", "env; cat; echo cat-exit=$?"), dir, Map.of("ONLY", "this"), this::line,
                new Cancellation());
        List<String> env = lines.stream().filter(l -> l.startsWith("stdout: ") && l.contains("=") && !l.contains("cat-exit"))
                .map(l -> l.substring(8, l.indexOf('='))).filter(n -> !n.equals("PWD") && !n.equals("SHLVL") && !n.equals("_"))
                .toList();
        assertEquals(List.of("ONLY"), env, lines.toString());
        assertTrue(lines.contains("stdout: cat-exit=0"), "stdin is /dev/null, so cat ends at once: " + lines);
    }

    @Test
    void aProgramThatCannotStartIsAStartError() {
        StepStartException e = assertThrows(StepStartException.class, () -> HostCommand.run(
                List.of("/nonexistent/prog"), null, Map.of(), this::line, new Cancellation()));
        assertTrue(e.getMessage().startsWith("starting command: ") && e.getMessage().contains("/nonexistent/prog"),
                e.getMessage());
    }

    @Test
    void cancellingKillsTheWholeProcessTree(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Cancellation cancel = new Cancellation();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> HostCommand.run(
                List.of("/bin/sh", "-c", "sleep 300 & echo $! > " + pidFile + "; wait"), dir, Map.of(), this::line, cancel));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(ProcessHandle.of(child).isPresent(), "the grandchild runs");
        cancel.cancel(Cancellation.Reason.CANCELED);
        Exception e = assertThrows(Exception.class, () -> run.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof StepCancelledException, e.toString());
        assertEquals("job was canceled", e.getCause().getMessage());
        deadline = System.currentTimeMillis() + 5_000;
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the grandchild was killed too");
    }

    @Test
    void alreadyCancelledStartsNothing(@TempDir Path dir) {
        Cancellation cancel = new Cancellation();
        cancel.cancel(Cancellation.Reason.SHUTDOWN);
        assertThrows(StepCancelledException.class, () -> HostCommand.run(
                List.of("/bin/sh", "-c", "touch " + dir.resolve("ran")), dir, Map.of(), this::line, cancel));
        assertFalse(Files.exists(dir.resolve("ran")));
    }

    @Test
    void whichFindsTheFirstExecutableOnPath(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("src"), "not executable");
        Path exe = b.resolve("src");
        Files.writeString(exe, "#!/bin/sh\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("c/src"));
        assertEquals(Optional.of(exe), HostCommand.which("src", dir.resolve("c") + "::" + a + ":" + b));
        assertEquals(Optional.empty(), HostCommand.which("src", a + ":" + dir.resolve("c")));
        assertEquals(Optional.empty(), HostCommand.which("src", ""));
    }
}
