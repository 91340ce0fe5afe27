package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code run-job} needs no frontend: its three variables may be missing, but whatever is set is still checked. */
class ConfigLoaderWithoutFrontendTest {

    @Test
    void emptyEnvironmentLoadsWithDefaults() {
        ExecutorConfig config = ConfigLoader.loadWithoutFrontend(TestEnv.only());
        assertNull(config.frontendUrl());
        assertNull(config.frontendPassword());
        assertNull(config.queueName());
        assertEquals(List.of(), config.queueNames());
        assertEquals("12G", config.jobMemory().text());
    }

    @Test
    void frontendVariablesAreUsedWhenSet() {
        ExecutorConfig config = ConfigLoader.loadWithoutFrontend(TestEnv.minimal());
        assertEquals(URI.create("https://sourcegraph.example.com"), config.frontendUrl());
        assertEquals(TestEnv.PASSWORD, config.frontendPassword());
        assertEquals(List.of("batches"), config.queueNames());
    }

    @Test
    void badFrontendVariablesAreStillErrors() {
        List<ConfigError> errors = assertThrows(ConfigException.class, () -> ConfigLoader.loadWithoutFrontend(
                TestEnv.only("EXECUTOR_FRONTEND_URL", "sourcegraph.example.com", "EXECUTOR_QUEUE_NAME", "batch")))
                .errors();
        assertEquals(List.of("EXECUTOR_FRONTEND_URL", "EXECUTOR_QUEUE_NAME"),
                errors.stream().map(ConfigError::variable).toList());
    }

    @Test
    void everyOtherVariableIsStillChecked() {
        ConfigError error = assertThrows(ConfigException.class,
                () -> ConfigLoader.loadWithoutFrontend(TestEnv.only("EXECUTOR_JOB_MEMORY", "lots"))).errors().get(0);
        assertEquals("EXECUTOR_JOB_MEMORY", error.variable());
        assertEquals("lots", error.value());
    }

    @Test
    void theServiceStillRequiresAllThree() {
        List<ConfigError> errors = TestEnv.errors(TestEnv.only());
        assertEquals(List.of("EXECUTOR_FRONTEND_URL", "EXECUTOR_FRONTEND_PASSWORD", "EXECUTOR_QUEUE_NAME"),
                errors.stream().map(ConfigError::variable).toList());
    }
}
