package dev.executor.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged executor as a real child process: its own environment (nothing inherited but
 * {@code PATH}, {@code HOME} and {@code USER}), output captured to {@code target/it-logs/<name>.log}, real
 * signals. What an operator runs is what the tests run.
 */
public final class ExecutorProcess implements AutoCloseable {

    private final Process process;
    private final Path logFile;
    private final int httpPort;

    private ExecutorProcess(Process process, Path logFile, int httpPort) {
        this.process = process;
        this.logFile = logFile;
        this.httpPort = httpPort;
    }

    /** The artifact under test: the failsafe-provided path, else the fast-jar in target/. */
    public static List<String> launchCommand() {
        return launchCommand(List.of());
    }

    /** The launch command with extra VM options such as {@code -Xmx64m} (they override the default heap). */
    public static List<String> launchCommand(List<String> vmOptions) {
        String artifact = System.getProperty("executor.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>();
        if (artifact.endsWith(".jar")) {
            command.add(java());
            command.add("-Xmx256m");
            command.addAll(vmOptions);
            command.addAll(List.of("-jar", artifact));
        } else {
            command.add(artifact);
            command.addAll(vmOptions); // a native executable takes -Xmx and -XX options at run time
        }
        return command;
    }

    /**
     * The java that runs the jar: failsafe's {@code executor.java} (the bundled runtime of a release build, so the
     * suite runs on it), else the JVM running the tests.
     */
    public static String java() {
        String java = System.getProperty("executor.java", "");
        return java.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : java;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code executor <args>} with exactly {@code env} (plus PATH/HOME/USER) and a fresh HTTP port. */
    public static ExecutorProcess start(String name, Map<String, String> env, String... args) {
        return start(name, launchCommand(List.of()), env, null, args);
    }

    /** As {@link #start(String, Map, String...)}, with extra VM options (e.g. a small heap to prove streaming). */
    public static ExecutorProcess start(String name, Map<String, String> env, List<String> vmOptions, String... args) {
        return start(name, launchCommand(vmOptions), env, null, args);
    }

    /** Like {@link #start(String, Map, String...)} with another launcher, e.g. an unpacked tarball's bin/executor. */
    public static ExecutorProcess startLauncher(String name, List<String> launch, Map<String, String> env, String... args) {
        return start(name, launch, env, null, args);
    }

    /** Like {@link #start(String, Map, String...)}, with {@code stdin} read from a file ({@code null}: none). */
    public static ExecutorProcess start(String name, Map<String, String> env, Path stdin, String... args) {
        return start(name, launchCommand(List.of()), env, stdin, args);
    }

    private static ExecutorProcess start(String name, List<String> launch, Map<String, String> env, Path stdin,
            String... args) {
        try {
            int port = env.containsKey("EXECUTOR_HTTP_PORT") ? Integer.parseInt(env.get("EXECUTOR_HTTP_PORT")) : freePort();
            List<String> command = new ArrayList<>(launch);
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command);
            Map<String, String> childEnv = pb.environment();
            Map<String, String> keep = new LinkedHashMap<>();
            for (String k : List.of("PATH", "HOME", "USER", "DOCKER_HOST")) {
                if (System.getenv(k) != null) {
                    keep.put(k, System.getenv(k));
                }
            }
            childEnv.clear();
            childEnv.putAll(keep);
            childEnv.put("EXECUTOR_HTTP_PORT", Integer.toString(port));
            childEnv.put("EXECUTOR_HTTP_HOST", "127.0.0.1");
            childEnv.putAll(env);
            Path logDir = Path.of("target", "it-logs");
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + "-" + System.currentTimeMillis() + ".log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            return new ExecutorProcess(pb.start(), log, port);
        } catch (IOException e) {
            throw new IllegalStateException("starting executor: " + e, e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for exit and returns the exit code; fails the test on timeout (the process is killed). */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("executor did not exit within " + timeout + "; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GETs a path on the executor's HTTP port; returns status and body, or status 0 when nothing answers. */
    public HttpResult get(String path) {
        try {
            // HTTP/1.1: the JDK client's default h2c upgrade stalls on Vert.x for larger bodies such as /q/metrics.
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.body());
        } catch (IOException e) {
            return new HttpResult(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HttpResult(0, "interrupted");
        }
    }

    /** Waits until {@code path} answers 200 (e.g. {@code /q/health/ready}). */
    public void awaitHttp200(String path, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        HttpResult last = null;
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new AssertionError("executor exited with " + process.exitValue() + "; output:\n" + output());
            }
            last = get(path);
            if (last.status() == 200) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError(path + " not 200 within " + timeout + ": " + last + "\noutput:\n" + output());
    }

    public void sigterm() {
        signal("TERM");
    }

    public void sigkill() {
        signal("KILL");
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public record HttpResult(int status, String body) {
    }
}
