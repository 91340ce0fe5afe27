package dev.executor.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Builds job payloads (the fake frontend's enqueue format: v2-style, plain file content). */
public final class Jobs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode job = JSON.createObjectNode();
    private final ArrayNode steps = job.putArray("dockerSteps");

    private Jobs() {
    }

    public static Jobs job() {
        return new Jobs();
    }

    public Jobs step(String key, String... commands) {
        return step(key, DockerProbe.TEST_IMAGE, "", List.of(), commands);
    }

    public Jobs step(String key, String image, String dir, List<String> env, String... commands) {
        ObjectNode step = steps.addObject();
        step.put("key", key);
        step.put("image", image);
        putStrings(step, "commands", List.of(commands));
        step.put("dir", dir);
        putStrings(step, "env", env);
        return this;
    }

    /** A {@code src} CLI step (spec §4.6); the JSON name of its arguments is the singular {@code command}. */
    public Jobs cliStep(String key, String dir, List<String> env, String... command) {
        ArrayNode cli = job.has("cliSteps") ? (ArrayNode) job.get("cliSteps") : job.putArray("cliSteps");
        ObjectNode step = cli.addObject();
        step.put("key", key);
        putStrings(step, "command", List.of(command));
        step.put("dir", dir);
        putStrings(step, "env", env);
        return this;
    }

    private static void putStrings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    public Jobs file(String path, String content) {
        ObjectNode files = job.has("files") ? (ObjectNode) job.get("files") : job.putObject("files");
        files.putObject(path).put("content", content).put("modifiedAt", "0001-01-01T00:00:00Z");
        return this;
    }

    public Jobs storeFile(String path, String bucket, String key, String modifiedAt) {
        ObjectNode files = job.has("files") ? (ObjectNode) job.get("files") : job.putObject("files");
        files.putObject(path).put("bucket", bucket).put("key", key).put("modifiedAt", modifiedAt);
        return this;
    }

    public Jobs redact(Map<String, String> values) {
        ObjectNode r = job.putObject("redactedValues");
        values.forEach(r::put);
        return this;
    }

    public Jobs set(String field, Object value) {
        job.set(field, JSON.valueToTree(value));
        return this;
    }

    public String json() {
        return job.toString();
    }
}
