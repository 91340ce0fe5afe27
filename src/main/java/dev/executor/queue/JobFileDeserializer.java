package dev.executor.queue;

import dev.executor.model.JobFile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Accepts both file shapes: the object form, and the pre-4.1 form where a file is just its content
 * as a string (spec §2.1, "Pre-4.1 servers sent files as a map of path → plain string").
 */
public final class JobFileDeserializer extends JsonDeserializer<JobFile> {

    @Override
    public JobFile deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode node = p.getCodec().readTree(p);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return new JobFile(node.asText(), null, null, null);
        }
        if (!node.isObject()) {
            throw ctxt.weirdStringException(node.toString(), JobFile.class, "a job file must be an object or a string");
        }
        return new JobFile(text(node, "content"), text(node, "bucket"), text(node, "key"), text(node, "modifiedAt"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
