package dev.executor.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTest {

    @Test
    void toStringShowsNoSecret() {
        Job job = new Job(2, 9, "batches", "sgp_token_value", "github.com/a/b", null, "abc", false, false, null,
                Map.of("secret.txt", new JobFile("c2VjcmV0LWZpbGU=", null, null, null)),
                List.of(new DockerStep("s1", "alpine", List.of("echo hidden-value"), null, List.of("PASS=hidden-env"))),
                List.of(new CliStep("c1", List.of("batch", "--token=hidden-arg"), null, List.of("TOKEN=hidden-cli"))),
                Map.of("hidden-redacted", "x"), "{\"auths\":{\"r\":{\"auth\":\"aGlkZGVuLWF1dGg=\"}}}");
        String text = job.toString() + job.dockerSteps() + job.cliSteps() + job.files() + new JobRef(9, "q", "sgp_token_value");
        for (String secret : List.of("sgp_token_value", "c2VjcmV0LWZpbGU=", "hidden-value", "hidden-env", "hidden-arg",
                "hidden-cli", "hidden-redacted", "aGlkZGVuLWF1dGg=")) {
            assertFalse(text.contains(secret), secret + " in " + text);
        }
        assertTrue(text.contains("id=9") && text.contains("s1") && text.contains("PASS") && text.contains("secret.txt"), text);
    }
}
