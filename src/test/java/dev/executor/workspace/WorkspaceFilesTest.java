package dev.executor.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.model.Job;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceFilesTest {

    @TempDir
    Path root;

    Workspace workspace;
    final List<String> report = new ArrayList<>();
    final List<String> fetched = new ArrayList<>();
    final FileStore store = (bucket, key) -> {
        fetched.add(bucket + "/" + key);
        return new ByteArrayInputStream(("stored " + key).getBytes(StandardCharsets.UTF_8));
    };

    @BeforeEach
    void createWorkspace() throws IOException {
        workspace = Workspace.existing(root.toRealPath());
    }

    static Job job(String json) {
        try {
            return dev.executor.queue.JobJson.mapper().readValue(json, Job.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void v2ContentIsBase64AndV1ContentIsPlain() throws IOException {
        new WorkspaceFiles().write(workspace, job("{\"version\":2,\"id\":1,\"files\":{\"a/b.txt\":{\"content\":\""
                + b64("v2 \u00e9") + "\",\"modifiedAt\":\"0001-01-01T00:00:00Z\"}}}"), store, report::add);
        assertEquals("v2 \u00e9", Files.readString(root.resolve("a/b.txt")));
        new WorkspaceFiles().write(workspace, job("{\"id\":1,\"files\":{\"c.txt\":{\"content\":\"plain\"},"
                + "\"legacy.txt\":\"pre-4.1 string form\"}}"), store, report::add);
        assertEquals("plain", Files.readString(root.resolve("c.txt")));
        assertEquals("pre-4.1 string form", Files.readString(root.resolve("legacy.txt")));
        assertTrue(report.stream().anyMatch(l -> l.matches("Wrote .*/a/b.txt in [0-9.]+(ns|\u00b5s|ms|s)")), report.toString());
    }

    @Test
    void storeFilesAreFetchedByBucketAndKeyAndInlineContentIsIgnored() throws IOException {
        new WorkspaceFiles().write(workspace, job("{\"version\":2,\"id\":1,\"files\":{\"ws/f.sh\":{\"content\":\""
                + b64("inline") + "\",\"bucket\":\"batch-changes\",\"key\":\"spec1/file1\","
                + "\"modifiedAt\":\"2024-02-01T09:00:00Z\"}}}"), store, report::add);
        assertEquals(List.of("batch-changes/spec1/file1"), fetched);
        assertEquals("stored spec1/file1", Files.readString(root.resolve("ws/f.sh")));
        assertEquals(Instant.parse("2024-02-01T09:00:00Z"), Files.getLastModifiedTime(root.resolve("ws/f.sh")).toInstant());
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("ws/f.sh"))));
    }

    @Test
    void theZeroTimeLeavesTheMtimeAlone() throws IOException {
        Instant before = Instant.now().minusSeconds(5);
        new WorkspaceFiles().write(workspace, job("{\"id\":1,\"files\":{\"z.txt\":{\"content\":\"z\","
                + "\"modifiedAt\":\"0001-01-01T00:00:00Z\"}}}"), store, report::add);
        assertTrue(Files.getLastModifiedTime(root.resolve("z.txt")).toInstant().isAfter(before));
    }

    @Test
    void oneBadPathWritesNothingAtAll(@TempDir Path outside) throws IOException {
        Files.createSymbolicLink(root.resolve("evil"), outside);
        for (String bad : new String[] {"../escaped.txt", "/abs.txt", "evil/x.txt"}) {
            Job job = job("{\"id\":1,\"files\":{\"good.txt\":{\"content\":\"g\"},\"" + bad + "\":{\"content\":\"x\"}},"
                    + "\"dockerSteps\":[{\"key\":\"s\",\"image\":\"i\",\"commands\":[\"true\"]}]}");
            WorkspaceException e = assertThrows(WorkspaceException.class,
                    () -> new WorkspaceFiles().write(workspace, job, store, report::add));
            assertTrue(e.getMessage().startsWith("file path \"" + bad + "\""), e.getMessage());
            assertFalse(Files.exists(root.resolve("good.txt")), "nothing is written when one path is bad");
            assertFalse(Files.exists(root.resolve(".sourcegraph-executor")), "not even the scripts");
        }
        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(List.of(), left.toList());
        }
        assertFalse(Files.exists(root.getParent().resolve("escaped.txt")));
    }

    @Test
    void aStoreFailureNamesTheFile() {
        FileStore failing = (bucket, key) -> {
            throw new IOException("fetching file " + bucket + "/" + key + " of job 1: unexpected status code 404");
        };
        Job job = job("{\"id\":1,\"files\":{\"x.bin\":{\"bucket\":\"batch-changes\",\"key\":\"s/f\"}}}");
        WorkspaceException e = assertThrows(WorkspaceException.class,
                () -> new WorkspaceFiles().write(workspace, job, failing, report::add));
        assertTrue(e.getMessage().contains("x.bin") && e.getMessage().contains("unexpected status code 404"), e.getMessage());
    }

    @Test
    void aScriptNameCannotLeaveTheScriptsDirectory() {
        // the commit is part of the script name
        Job job = job("{\"id\":1,\"repositoryName\":\"r\",\"commit\":\"../../../../escape\","
                + "\"dockerSteps\":[{\"key\":\"s\",\"image\":\"i\",\"commands\":[\"true\"]}]}");
        WorkspaceException e = assertThrows(WorkspaceException.class,
                () -> new WorkspaceFiles().write(workspace, job, store, report::add));
        assertTrue(e.getMessage().startsWith("step script \""), e.getMessage());
    }

    @Test
    void scriptsGetSourcegraphsNames() throws IOException {
        new WorkspaceFiles().write(workspace, job("{\"id\":9,\"repositoryName\":\"github.com/a/b\",\"commit\":\"abc\","
                + "\"dockerSteps\":[{\"image\":\"i\",\"commands\":[\"echo 1\",\"echo 2\"]}]}"), store, report::add);
        String script = Files.readString(root.resolve(".sourcegraph-executor/9.0_github.com_a_b@abc.sh"));
        assertTrue(script.endsWith("\n\necho 1\necho 2\n"), script);
    }
}
