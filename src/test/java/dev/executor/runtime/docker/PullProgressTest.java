package dev.executor.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PullResponseItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullProgressTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PullResponseItem item(String json) throws Exception {
        return JSON.readValue(json, PullResponseItem.class);
    }

    @Test
    void oneLinePerLayerStatusChangeAndNoProgressTicks() throws Exception {
        String[] stream = {
                "{\"status\":\"Pulling from team/app\",\"id\":\"1.0\"}",
                "{\"status\":\"Pulling fs layer\",\"id\":\"a1\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":100,\"total\":900},\"id\":\"a1\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":500,\"total\":900},\"id\":\"a1\"}",
                "{\"status\":\"Download complete\",\"id\":\"a1\"}",
                "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":1,\"total\":9},\"id\":\"a1\"}",
                "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":9,\"total\":9},\"id\":\"a1\"}",
                "{\"status\":\"Pull complete\",\"id\":\"a1\"}",
                "{\"status\":\"Digest: sha256:0123\"}",
                "{\"status\":\"Status: Downloaded newer image for 127.0.0.1:5000/team/app:1.0\"}",
                "{\"errorDetail\":{\"message\":\"boom\"},\"error\":\"boom\"}",
        };
        PullProgress progress = new PullProgress();
        List<String> lines = new ArrayList<>();
        for (String json : stream) {
            progress.line(item(json)).ifPresent(lines::add);
        }
        assertEquals(List.of("1.0: Pulling from team/app", "a1: Pulling fs layer", "a1: Downloading",
                "a1: Download complete", "a1: Extracting", "a1: Pull complete", "Digest: sha256:0123",
                "Status: Downloaded newer image for 127.0.0.1:5000/team/app:1.0"), lines);
    }
}
