package dev.executor.testing.proxy;

import dev.executor.testing.ExecutorProcess;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's tinyproxy on 127.0.0.1, in the foreground, with its own config and log under {@code target/}. It answers
 * every request with {@code Connection: close} and closes the client connection after each answer, as many corporate
 * proxies do. Target names are resolved by tinyproxy itself (the system resolver), so a frontend that only another
 * proxy can resolve is reached through {@code upstream} (tinyproxy's {@code Upstream http} setting): the client side,
 * which is what the executor sees, stays tinyproxy's.
 */
public final class TinyProxy implements Closeable {

    private final Process process;
    private final int port;
    private final Path log;

    private TinyProxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts tinyproxy; {@code upstreamPort} (a proxy on 127.0.0.1) receives every request, or 0 for none. */
    public static TinyProxy start(int upstreamPort) {
        try {
            Path dir = Files.createTempDirectory(Path.of("target", "it-work").toAbsolutePath(), "tinyproxy-");
            int port = ExecutorProcess.freePort();
            String conf = String.join("\n",
                    "User nobody", "Group nogroup", "Port " + port, "Listen 127.0.0.1", "Timeout 60", "LogLevel Info",
                    "MaxClients 100", "Allow 127.0.0.1", "DisableViaHeader Yes",
                    upstreamPort > 0 ? "Upstream http 127.0.0.1:" + upstreamPort : "", "");
            Path confFile = dir.resolve("tinyproxy.conf");
            Files.writeString(confFile, conf);
            Path log = dir.resolve("tinyproxy.log");
            Process p = new ProcessBuilder("/usr/bin/tinyproxy", "-d", "-c", confFile.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            TinyProxy proxy = new TinyProxy(p, port, log);
            proxy.awaitListening(Duration.ofSeconds(20));
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("starting tinyproxy: " + e, e);
        }
    }

    private void awaitListening(Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("tinyproxy exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                ExecutorProcess.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("tinyproxy did not listen on " + port + " within " + timeout + ": " + log());
    }

    public int port() {
        return port;
    }

    /** tinyproxy's log so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The log lines of requests tinyproxy received ({@code Request (file descriptor N): GET http://... HTTP/1.1}). */
    public List<String> requests() {
        return log().lines().filter(l -> l.contains("Request (file descriptor")).toList();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
