package dev.executor.testing;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker registry (Debian's {@code docker-registry}, the distribution project's server) on
 * 127.0.0.1 with htpasswd authentication, run as a child process. The engine treats 127.0.0.0/8 as an
 * insecure registry by default, so plain HTTP works without touching the daemon's configuration.
 */
public final class LocalRegistry implements AutoCloseable {

    public static final String BINARY = "/usr/bin/docker-registry";

    private final Process process;
    private final int port;
    private final String user;
    private final String password;
    private final Path log;

    private LocalRegistry(Process process, int port, String user, String password, Path log) {
        this.process = process;
        this.port = port;
        this.user = user;
        this.password = password;
        this.log = log;
    }

    /** Starts a registry under {@code dir} accepting only {@code user}/{@code password}. */
    public static LocalRegistry start(Path dir, String user, String password) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path htpasswd = dir.resolve("htpasswd");
        Process hash = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
        String line = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (hash.waitFor() != 0) {
            throw new IllegalStateException("htpasswd failed: " + line);
        }
        Files.writeString(htpasswd, line + "\n");
        int port = ExecutorProcess.freePort();
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: executor-test
                    path: %s
                """.formatted(dir.resolve("data"), port, htpasswd));
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder(BINARY, "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, port, user, password, log);
        registry.awaitUp();
        return registry;
    }

    /** The registry answers {@code /v2/} with 401 (auth required) once it serves. */
    private void awaitUp() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("docker-registry did not come up: " + Files.readString(log));
    }

    /** {@code 127.0.0.1:<port>}, the registry part of image names. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A docker config JSON with these credentials (password replaced when {@code password} differs). */
    public String authConfigJson(String withPassword) {
        String auth = java.util.Base64.getEncoder()
                .encodeToString((user + ":" + withPassword).getBytes(StandardCharsets.UTF_8));
        return "{\"auths\":{\"" + host() + "\":{\"auth\":\"" + auth + "\"}}}";
    }

    /**
     * Pushes {@code baseImage} plus one layer of its own as {@code <host>/<repository>:<tag>}, then deletes
     * the local copy: a pull then really downloads a layer (the base's layers alone would all be present).
     */
    public String push(String baseImage, String repository, String tag) throws InterruptedException {
        String remote = host() + "/" + repository;
        var docker = DockerProbe.client();
        String container = docker.createContainerCmd(baseImage).withEntrypoint("/bin/sh")
                .withCmd("-c", "echo " + java.util.UUID.randomUUID() + " > /unique.txt").exec().getId();
        try {
            docker.startContainerCmd(container).exec();
            docker.waitContainerCmd(container).start().awaitStatusCode();
            docker.commitCmd(container).withRepository(remote).withTag(tag).exec();
        } finally {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
        String[] error = new String[1];
        ResultCallback.Adapter<PushResponseItem> done = docker.pushImageCmd(remote).withTag(tag)
                .withAuthConfig(new AuthConfig().withUsername(user).withPassword(password).withRegistryAddress(host()))
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(PushResponseItem item) {
                        if (item.getErrorDetail() != null) {
                            error[0] = item.getErrorDetail().getMessage();
                        }
                    }
                });
        if (!done.awaitCompletion(2, TimeUnit.MINUTES) || error[0] != null) {
            throw new IllegalStateException("pushing " + remote + ":" + tag + " failed: " + error[0]);
        }
        removeLocal(remote + ":" + tag);
        return remote + ":" + tag;
    }

    /** Removes the engine's copy of an image, so the next job has to pull it. */
    public static void removeLocal(String image) {
        try {
            DockerProbe.client().removeImageCmd(image).withForce(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException ignored) {
            // already gone
        }
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
