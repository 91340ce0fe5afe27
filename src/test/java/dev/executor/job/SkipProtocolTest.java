package dev.executor.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkipProtocolTest {

    @TempDir
    Path workspace;

    void skipFile(String json) throws Exception {
        Files.writeString(workspace.resolve("skip.json"), json);
    }

    @Test
    void afterAPreStepTheFileNamesTheStepToResumeAtAndIsDeleted() throws Exception {
        skipFile("{\"nextStep\":\"step.3.pre\"}");
        assertEquals("step.docker.step.3.pre", SkipProtocol.nextStepAfter("step.docker.step.1.pre", workspace));
        assertFalse(Files.exists(workspace.resolve("skip.json")));
    }

    @Test
    void onlyStepsEndingInPreAreFollowedByTheCheck() throws Exception {
        skipFile("{\"nextStep\":\"step.3.pre\"}");
        assertNull(SkipProtocol.nextStepAfter("step.docker.step.1.run", workspace));
        assertNull(SkipProtocol.nextStepAfter("step.docker.step.1.prepare", workspace));
        assertTrue(Files.exists(workspace.resolve("skip.json")), "left for a later .pre step");
    }

    @Test
    void noFileOrNoNextStepSkipsNothing() throws Exception {
        assertNull(SkipProtocol.nextStepAfter("step.docker.step.0.pre", workspace));
        skipFile("{}");
        assertNull(SkipProtocol.nextStepAfter("step.docker.step.0.pre", workspace));
        assertFalse(Files.exists(workspace.resolve("skip.json")));
    }

    @Test
    void aSymlinkIsRefusedNotFollowed(@TempDir Path outside) throws Exception {
        Path secret = Files.writeString(outside.resolve("shadow"), "root:secret-hash:19000:0:99999:7:::");
        Files.createSymbolicLink(workspace.resolve("skip.json"), secret);
        JobFailure e = assertThrows(JobFailure.class, () -> SkipProtocol.nextStepAfter("step.docker.step.0.pre", workspace));
        assertEquals("reading skip.json after step \"step.docker.step.0.pre\": it is not a regular file", e.getMessage());
        assertEquals("root:secret-hash:19000:0:99999:7:::", Files.readString(secret), "the target is untouched");
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        Files.createDirectory(workspace.resolve("skip.json"));
        JobFailure e = assertThrows(JobFailure.class, () -> SkipProtocol.nextStepAfter("step.docker.step.0.pre", workspace));
        assertTrue(e.getMessage().endsWith("it is not a regular file"), e.getMessage());
    }

    @Test
    void aHugeFileIsRefusedWithoutReadingIt() throws Exception {
        Files.write(workspace.resolve("skip.json"), new byte[200 * 1024]);
        JobFailure e = assertThrows(JobFailure.class, () -> SkipProtocol.nextStepAfter("step.docker.step.0.pre", workspace));
        assertTrue(e.getMessage().endsWith("it is larger than 65536 bytes"), e.getMessage());
    }

    @Test
    void invalidJsonNamesTheStep() throws Exception {
        skipFile("{nextStep:");
        JobFailure e = assertThrows(JobFailure.class, () -> SkipProtocol.nextStepAfter("step.docker.step.2.pre", workspace));
        assertTrue(e.getMessage().startsWith("reading skip.json after step \"step.docker.step.2.pre\": not valid JSON: "),
                e.getMessage());
    }
}
