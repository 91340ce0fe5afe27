package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.executor.model.CliStep;
import dev.executor.model.DockerStep;
import dev.executor.model.Job;
import dev.executor.model.JobFile;
import java.io.IOException;
import java.util.Map;

/**
 * How the wire's job payload (spec §2.1) maps onto the dependency-free {@link dev.executor.model} records: Jackson
 * mix-ins carry what the records cannot (unknown fields ignored so newer frontends keep working, both file
 * shapes, {@code dockerAuthConfig} kept as its raw JSON text and written back as JSON). Every mapper that reads or
 * writes a payload (the queue client, {@code run-job}'s payload reader, the journal) registers {@link #module()},
 * so they decode exactly alike.
 */
public final class JobJson {

    private JobJson() {
    }

    /** The mix-ins, for a mapper that has other settings of its own. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("executor-job-payload");
        module.setMixInAnnotation(Job.class, JobMixin.class);
        module.setMixInAnnotation(DockerStep.class, IgnoreUnknown.class);
        module.setMixInAnnotation(CliStep.class, IgnoreUnknown.class);
        module.setMixInAnnotation(JobFile.class, IgnoreUnknown.class);
        return module;
    }

    /** A fresh mapper for payloads: the mix-ins, unknown fields ignored everywhere. */
    public static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(module())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    abstract static class IgnoreUnknown {
    }

    /** Fields named like the record's components: Jackson merges their annotations into those properties. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    abstract static class JobMixin {

        @JsonDeserialize(contentUsing = JobFileDeserializer.class)
        Map<String, JobFile> files;

        @JsonRawValue
        @JsonDeserialize(using = RawJson.class)
        String dockerAuthConfig;
    }

    /** Any JSON value as its text; JSON {@code null} stays null (see {@link #getNullValue}). */
    static final class RawJson extends JsonDeserializer<String> {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.getCodec().readTree(p);
            return node == null || node.isNull() || node.isMissingNode() ? null : node.toString();
        }
    }
}
