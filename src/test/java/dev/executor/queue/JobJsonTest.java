package dev.executor.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.model.Job;
import dev.executor.model.JobFile;
import org.junit.jupiter.api.Test;

class JobJsonTest {

    static final ObjectMapper JSON = JobJson.mapper();

    @Test
    void aV2PayloadMapsOntoTheModelIgnoringUnknownFields() throws Exception {
        Job job = JSON.readValue("""
                {"version":2,"id":7,"queue":"batches","token":"tok","repositoryName":"r","commit":"c",
                 "newField":{"x":1},
                 "files":{"a.txt":{"content":"aGk=","modifiedAt":"2024-01-01T00:00:00Z","extra":true}},
                 "dockerSteps":[{"key":"k","image":"img","commands":["echo"],"dir":"d","env":["A=1"],"future":1}],
                 "cliSteps":[{"key":"c","command":["batch","exec"],"later":[]}],
                 "redactedValues":{"s":"x"},
                 "dockerAuthConfig":{"auths":{"r.io":{"auth":"dTpw"}}}}
                """, Job.class);
        assertEquals(7, job.id());
        assertTrue(job.isV2());
        assertEquals("aGk=", job.filesOrEmpty().get("a.txt").content());
        assertEquals("img", job.dockerStepsOrEmpty().get(0).image());
        assertEquals("batch", job.cliStepsOrEmpty().get(0).commandOrEmpty().get(0));
        assertEquals(JSON.readTree("{\"auths\":{\"r.io\":{\"auth\":\"dTpw\"}}}"), JSON.readTree(job.dockerAuthConfig()));
    }

    @Test
    void preFourOneFilesArePlainStrings() throws Exception {
        Job job = JSON.readValue("{\"id\":1,\"files\":{\"a\":\"text\",\"b\":null}}", Job.class);
        assertEquals(new JobFile("text", null, null, null), job.files().get("a"));
        assertNull(job.files().get("b"));
    }

    @Test
    void anAbsentOrNullAuthConfigIsNull() throws Exception {
        assertNull(JSON.readValue("{\"id\":1}", Job.class).dockerAuthConfig());
        assertNull(JSON.readValue("{\"id\":1,\"dockerAuthConfig\":null}", Job.class).dockerAuthConfig());
        assertEquals("{}", JSON.readValue("{\"id\":1,\"dockerAuthConfig\":{}}", Job.class).dockerAuthConfig());
    }

    @Test
    void writingAJobGivesTheWireShapeBack() throws Exception {
        String wire = "{\"version\":2,\"id\":3,\"files\":{\"f\":{\"bucket\":\"b\",\"key\":\"k\"}},"
                + "\"dockerAuthConfig\":{\"auths\":{\"r.io\":{\"auth\":\"dTpw\"}}}}";
        Job job = JSON.readValue(wire, Job.class);
        JsonNode written = JSON.readTree(JSON.writeValueAsString(job));
        assertTrue(written.get("dockerAuthConfig").isObject(), written.toString());
        assertEquals("dTpw", written.at("/dockerAuthConfig/auths/r.io/auth").asText());
        assertEquals(job, JSON.readValue(JSON.writeValueAsString(job), Job.class));
        assertFalse(JSON.writeValueAsString(JSON.readValue("{\"id\":1}", Job.class)).contains("\"dockerAuthConfig\":\"null\""));
    }
}
