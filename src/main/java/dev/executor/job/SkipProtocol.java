package dev.executor.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The batches skip protocol (spec §4.8, §9.1): after a step whose key ends in {@code .pre}, the helper may
 * leave {@code skip.json} ({@code {"nextStep":"step.N.pre"}}) in the workspace root; the file is deleted
 * and every following step is skipped until the one whose log key is {@code step.docker.<nextStep>}.
 */
final class SkipProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SkipProtocol() {
    }

    /** The log key to resume at, or null when nothing is to be skipped. */
    static String nextStepAfter(String stepKey, Path workspaceRoot) {
        if (stepKey == null || !stepKey.endsWith(".pre")) {
            return null;
        }
        Path file = workspaceRoot.resolve("skip.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            Files.deleteIfExists(file);
            String next = node == null ? "" : node.path("nextStep").asText("");
            return next.isEmpty() ? null : "step.docker." + next;
        } catch (IOException e) {
            throw new JobFailure("reading skip.json after step \"" + stepKey + "\": " + e.getMessage());
        }
    }
}
