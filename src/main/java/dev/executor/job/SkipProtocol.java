package dev.executor.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The batches skip protocol (spec §4.8, §9.1): after a step whose key ends in {@code .pre}, the helper may
 * leave {@code skip.json} ({@code {"nextStep":"step.N.pre"}}) in the workspace root; the file is deleted
 * and every following step is skipped until the one whose log key is {@code step.docker.<nextStep>}.
 *
 * <p>The file is written by a job's container, so it is read as untrusted: a symlink is refused rather
 * than followed (it could point at any file of the host) and the size is bounded.
 */
final class SkipProtocol {

    static final String FILE = "skip.json";

    /** The helper writes a few dozen bytes; anything near this is not a skip file. */
    private static final long MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SkipProtocol() {
    }

    /** The log key to resume at, or null when nothing is to be skipped. */
    static String nextStepAfter(String stepKey, Path workspaceRoot) {
        if (stepKey == null || !stepKey.endsWith(".pre")) {
            return null;
        }
        Path file = workspaceRoot.resolve(FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String problem = "reading " + FILE + " after step \"" + stepKey + "\": ";
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new JobFailure(problem + "it is not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new JobFailure(problem + "it is larger than " + MAX_BYTES + " bytes");
            }
            byte[] content = Files.readAllBytes(file);
            Files.delete(file);
            JsonNode node = JSON.readTree(content);
            String next = node == null ? "" : node.path("nextStep").asText("");
            return next.isEmpty() ? null : "step.docker." + next;
        } catch (JsonProcessingException e) {
            throw new JobFailure(problem + "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new JobFailure(problem + e);
        }
    }
}
