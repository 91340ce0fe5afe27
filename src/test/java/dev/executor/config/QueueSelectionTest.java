package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueueSelectionTest {

    @Test
    void neitherVariableIsAnError() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_QUEUE_NAME", null);
        assertEquals("EXECUTOR_QUEUE_NAME", error.variable());
        assertTrue(error.message().contains("EXECUTOR_QUEUE_NAMES"), error.message());
        assertTrue(error.message().contains("no value supplied"), error.message());
    }

    @Test
    void emptyValuesCountAsUnset() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_QUEUE_NAME", "", "EXECUTOR_QUEUE_NAMES", "");
        assertEquals("EXECUTOR_QUEUE_NAME", error.variable());
        assertEquals("codeintel", TestEnv.load("EXECUTOR_QUEUE_NAME", "", "EXECUTOR_QUEUE_NAMES", "codeintel")
                .queueNames().get(0));
    }

    @Test
    void bothVariablesIsAnError() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_QUEUE_NAMES", "batches,codeintel");
        assertEquals("EXECUTOR_QUEUE_NAMES", error.variable());
        assertTrue(error.message().contains("set exactly one"), error.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Batches", "batch", "codeintel ", "batches,codeintel", "sourcegraph"})
    void singleNameMustBeKnown(String name) {
        ConfigError error = TestEnv.onlyError("EXECUTOR_QUEUE_NAME", name);
        assertEquals("EXECUTOR_QUEUE_NAME", error.variable());
        assertEquals(name, error.value());
        assertTrue(error.expected().contains("batches, codeintel"), error.expected());
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
            "'batches, codeintel'  | '\" codeintel\" is not a queue'",
            "'batches,codeintel,'  | 'an empty item'",
            "',batches'            | 'an empty item'",
            "'batches,,codeintel'  | 'an empty item'",
            "'batches,batches'     | '\"batches\" is listed twice'",
            "'batches,unknown'     | '\"unknown\" is not a queue'",
            "'BATCHES'             | '\"BATCHES\" is not a queue'",
    })
    void listIsSplitOnCommasWithoutTrimming(String names, String problem) {
        ConfigError error = TestEnv.onlyError("EXECUTOR_QUEUE_NAME", null, "EXECUTOR_QUEUE_NAMES", names);
        assertEquals("EXECUTOR_QUEUE_NAMES", error.variable());
        assertEquals(names, error.value());
        assertTrue(error.expected().contains(problem), error.expected());
    }

    @Test
    void everyProblemInTheListIsNamedInOneError() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_QUEUE_NAME", null, "EXECUTOR_QUEUE_NAMES", "x,,batches,batches");
        assertTrue(error.expected().contains("\"x\" is not a queue; an empty item; \"batches\" is listed twice"),
                error.expected());
    }

    @Test
    void validListIsSortedAndHasNoSingleName() {
        ExecutorConfig config = TestEnv.load("EXECUTOR_QUEUE_NAME", null, "EXECUTOR_QUEUE_NAMES", "codeintel,batches");
        assertNull(config.queueName());
        assertEquals(List.of("batches", "codeintel"), config.queueNames());
    }
}
