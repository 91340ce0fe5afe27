package dev.executor.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.executor.model.Job;
import dev.executor.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A docker client config directory ({@code DOCKER_CONFIG}) holding the registry credentials that apply to
 * a job (spec §4.3 step 5): the job's {@code dockerAuthConfig} when it has entries, else
 * {@code EXECUTOR_DOCKER_AUTH_CONFIG}. It lives beside the workspaces, never inside one (the workspace is
 * mounted into containers), readable by the executor's user only, and is deleted when closed.
 */
final class DockerConfigDir implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private DockerConfigDir(Path dir) {
        this.dir = dir;
    }

    /** Writes the config that applies, or returns null when neither the job nor the executor has one. */
    static DockerConfigDir writeIfAny(Job job, String executorAuthConfig, Path parent) {
        JsonNode auths = auths(job.dockerAuthConfig());
        if (auths == null) {
            auths = auths(executorAuthConfig);
        }
        if (auths == null || auths.isEmpty()) {
            return null;
        }
        ObjectNode config = JSON.createObjectNode();
        config.set("auths", auths);
        Path dir = null;
        try {
            dir = Files.createTempDirectory(parent, "docker_auth",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve("config.json");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, JSON.writeValueAsBytes(config));
            return new DockerConfigDir(dir);
        } catch (IOException e) {
            if (dir != null) {
                deleteQuietly(dir);
            }
            // the message names the directory, never the credentials
            throw new JobFailure("writing the docker auth config for job " + job.id() + " under " + parent + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The {@code auths} object of a docker config JSON text, or null when it has no entries. */
    private static JsonNode auths(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            // the job's comes from the payload's JSON, the executor's is checked at startup by the config loader
            JsonNode auths = JSON.readTree(raw).get("auths");
            return auths != null && auths.isObject() && !auths.isEmpty() ? auths : null;
        } catch (IOException e) {
            return null;
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try {
            Workspace.existing(dir).delete();
        } catch (IOException e) {
            org.jboss.logging.Logger.getLogger(DockerConfigDir.class).warnf("removing %s failed: %s", dir, e);
        }
    }
}
