package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds environments for loader tests: a minimal valid one plus the variables a test cares about. */
final class TestEnv {

    static final String PASSWORD = "hunter2-hunter2-hunter2";

    private TestEnv() {
    }

    /** The smallest valid environment, with {@code keyValues} added or replacing entries. */
    static Map<String, String> minimal(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("EXECUTOR_FRONTEND_URL", "https://sourcegraph.example.com");
        env.put("EXECUTOR_FRONTEND_PASSWORD", PASSWORD);
        env.put("EXECUTOR_QUEUE_NAME", "batches");
        return with(env, keyValues);
    }

    /** Exactly {@code keyValues}, nothing else. */
    static Map<String, String> only(String... keyValues) {
        return with(new HashMap<>(), keyValues);
    }

    /** {@code env} with {@code keyValues} added; a {@code null} value removes the key. */
    static Map<String, String> with(Map<String, String> env, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        Map<String, String> copy = new HashMap<>(env);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                copy.remove(keyValues[i]);
            } else {
                copy.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return copy;
    }

    static ExecutorConfig load(String... keyValues) {
        return ConfigLoader.load(minimal(keyValues));
    }

    /** The errors loading {@code env} produces; fails the test if it loads. */
    static List<ConfigError> errors(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(env)).errors();
    }

    /** The single error a minimal environment plus {@code keyValues} produces. */
    static ConfigError onlyError(String... keyValues) {
        List<ConfigError> errors = errors(minimal(keyValues));
        if (errors.size() != 1) {
            throw new AssertionError("expected exactly one error but got " + errors);
        }
        return errors.get(0);
    }
}
