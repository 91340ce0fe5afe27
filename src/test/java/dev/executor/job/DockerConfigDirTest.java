package dev.executor.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.executor.model.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigDirTest {

    static final String EXECUTOR = "{\"auths\":{\"executor.example.com\":{\"auth\":\"ZXhlYzpwdw==\"}}}";

    @TempDir
    Path parent;

    static Job job(String dockerAuthConfig) throws Exception {
        return dev.executor.queue.JobJson.mapper().readValue("{\"version\":2,\"id\":5,\"dockerAuthConfig\":" + dockerAuthConfig + "}", Job.class);
    }

    static String read(DockerConfigDir dir) throws Exception {
        return Files.readString(dir.dir().resolve("config.json"));
    }

    @Test
    void theJobsEntriesWinOverTheExecutors() throws Exception {
        try (DockerConfigDir dir = DockerConfigDir.writeIfAny(
                job("{\"auths\":{\"registry.acme.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}"), EXECUTOR, parent)) {
            assertEquals("{\"auths\":{\"registry.acme.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}", read(dir));
            assertEquals(parent, dir.dir().getParent());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.dir())));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.dir().resolve("config.json"))));
        }
    }

    @Test
    void anEmptyJobConfigFallsBackToTheExecutors() throws Exception {
        try (DockerConfigDir dir = DockerConfigDir.writeIfAny(job("{}"), EXECUTOR, parent)) {
            assertEquals(EXECUTOR, read(dir));
        }
        try (DockerConfigDir dir = DockerConfigDir.writeIfAny(job("{\"auths\":{}}"), EXECUTOR, parent)) {
            assertEquals(EXECUTOR, read(dir));
        }
    }

    @Test
    void noConfigAnywhereWritesNothing() throws Exception {
        assertNull(DockerConfigDir.writeIfAny(job("{}"), null, parent));
        assertNull(DockerConfigDir.writeIfAny(job("{}"), "{\"auths\":{}}", parent));
        try (var files = Files.list(parent)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void closingDeletesTheDirectory() throws Exception {
        DockerConfigDir dir = DockerConfigDir.writeIfAny(job("{}"), EXECUTOR, parent);
        dir.close();
        assertFalse(Files.exists(dir.dir()));
    }
}
