package dev.executor.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.executor.config.ConfigLoader;
import dev.executor.config.ExecutorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The call budget that bounds every frontend call, and the base URL the client is built on. */
class QueueClientProducerTest {

    static ExecutorConfig config(String... keyValues) {
        Map<String, String> env = new HashMap<>(Map.of("EXECUTOR_FRONTEND_URL", "https://sg.example.com/",
                "EXECUTOR_FRONTEND_PASSWORD", "secret-secret", "EXECUTOR_QUEUE_NAME", "batches"));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.load(env);
    }

    @Test
    void theDocumentedDefaultTimeoutZeroMeansTwoMinutesNotForever() {
        assertEquals(Duration.ZERO, config().httpRetry().timeout(), "Sourcegraph's default is 0");
        assertEquals(Duration.ofMinutes(2), QueueClientProducer.callBudget(config()));
    }

    @Test
    void anExplicitTimeoutIsTheBudget() {
        assertEquals(Duration.ofSeconds(45), QueueClientProducer.callBudget(config("SRC_HTTP_CLI_INTERNAL_TIMEOUT", "45s")));
    }

    @Test
    void baseUriKeepsAPathPrefixAndDropsTrailingSlashes() {
        assertEquals(URI.create("https://sg.example.com/prefix"),
                QueueClientProducer.baseUri(URI.create("https://sg.example.com/prefix//")));
        assertEquals(URI.create("https://sg.example.com"), QueueClientProducer.baseUri(config().frontendUrl()));
    }
}
