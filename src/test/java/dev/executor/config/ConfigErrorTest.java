package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigErrorTest {

    @Test
    void messageNamesVariableValueAndExpectation() {
        ConfigError error = new ConfigError("EXECUTOR_QUEUE_POLL_INTERVAL", "5 minutes",
                "a Go duration such as 500ms, 1s, 30m or 1h30m");
        assertEquals("EXECUTOR_QUEUE_POLL_INTERVAL=\"5 minutes\": expected a Go duration such as 500ms, 1s, 30m or 1h30m",
                error.message());
    }

    @Test
    void messageWithoutValueOmitsIt() {
        assertEquals("EXECUTOR_QUEUE_NAME: expected something",
                new ConfigError("EXECUTOR_QUEUE_NAME", null, "something").message());
    }

    @Test
    void valuesAreQuotedSoInvisibleCharactersShow() {
        assertEquals("X=\"a\\\"b\\\\c\\n\\t\\x01 \": expected y",
                new ConfigError("X", "a\"b\\c\n\t\u0001 ", "y").message());
        assertEquals("X=\"\": expected y", new ConfigError("X", "", "y").message());
    }

    @Test
    void variableAndExpectationAreRequired() {
        assertThrows(NullPointerException.class, () -> new ConfigError(null, "v", "e"));
        assertThrows(NullPointerException.class, () -> new ConfigError("X", "v", null));
    }

    @Test
    void exceptionListsEveryErrorOnItsOwnLine() {
        List<ConfigError> errors = new ArrayList<>(List.of(
                new ConfigError("A", "1", "x"), new ConfigError("B", null, "y")));
        ConfigException e = new ConfigException(errors);
        assertEquals("invalid executor configuration (2 errors):\n  A=\"1\": expected x\n  B: expected y",
                e.getMessage());
        errors.clear();
        assertEquals(2, e.errors().size(), "keeps its own copy");
        assertThrows(UnsupportedOperationException.class, () -> e.errors().clear());
    }

    @Test
    void exceptionNeedsAnError() {
        assertEquals("invalid executor configuration (1 error):\n  A: expected x",
                new ConfigException(List.of(new ConfigError("A", null, "x"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConfigException(List.of()));
    }
}
