package dev.executor.cli.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lines validate prints for the common misconfigurations of spec §10.8, with their specific fixes. */
class ConfigCheckTest {

    private static Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>(Map.of("EXECUTOR_FRONTEND_URL", "https://sg.example.com",
                "EXECUTOR_FRONTEND_PASSWORD", "sgp_secret_value_123", "EXECUTOR_QUEUE_NAME", "batches"));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                env.remove(kv[i]);
            } else {
                env.put(kv[i], kv[i + 1]);
            }
        }
        return env;
    }

    private static List<String> lines(Map<String, String> env) {
        return ConfigCheck.run(env).results().stream().map(CheckResult::line).toList();
    }

    @Test
    void validConfigurationIsOnePassLine() {
        ConfigCheck.Outcome outcome = ConfigCheck.run(env());
        assertNotNull(outcome.config());
        assertEquals(List.of("\u2713 configuration: valid; queue batches, frontend https://sg.example.com, 1 job slot(s)"),
                lines(env()));
    }

    @Test
    void urlWithoutSchemeGetsTheSchemeAdded() {
        assertEquals(List.of("\u2717 configuration: EXECUTOR_FRONTEND_URL=\"sg.example.com\": expected an absolute http "
                + "or https URL with a host, such as https://sourcegraph.example.com; fix: add the scheme: "
                + "EXECUTOR_FRONTEND_URL=https://sg.example.com"), lines(env("EXECUTOR_FRONTEND_URL", "sg.example.com")));
    }

    @Test
    void queueListWithSpacesAndBadQueueName() {
        List<String> spaced = lines(env("EXECUTOR_QUEUE_NAME", null, "EXECUTOR_QUEUE_NAMES", "batches, codeintel"));
        assertEquals(1, spaced.size());
        assertEquals(true, spaced.get(0).endsWith("fix: remove the spaces: EXECUTOR_QUEUE_NAMES=batches,codeintel"),
                spaced.get(0));
        List<String> bad = lines(env("EXECUTOR_QUEUE_NAME", "codeintl"));
        assertEquals(true, bad.get(0).endsWith("fix: set EXECUTOR_QUEUE_NAME to one of batches, codeintel"), bad.get(0));
    }

    @Test
    void durationWithoutUnit() {
        List<String> l = lines(env("EXECUTOR_MAXIMUM_RUNTIME_PER_JOB", "30"));
        assertEquals(true, l.get(0).endsWith("fix: add a unit: EXECUTOR_MAXIMUM_RUNTIME_PER_JOB=30s (or ms, m, h)"),
                l.get(0));
    }

    @Test
    void everyProblemIsALineAndSecretsStayMasked() {
        ConfigCheck.Outcome outcome = ConfigCheck.run(env("EXECUTOR_FRONTEND_URL", null,
                "EXECUTOR_FRONTEND_PASSWORD", "", "EXECUTOR_QUEUE_POLL_INTERVAL", "1 second"));
        assertNull(outcome.config());
        List<String> l = outcome.results().stream().map(CheckResult::line).toList();
        assertEquals(3, l.size(), l.toString());
        assertEquals("\u2717 configuration: EXECUTOR_FRONTEND_PASSWORD=\"\": expected the executor access token from "
                + "the site configuration (no value supplied); fix: set EXECUTOR_FRONTEND_PASSWORD to the executor "
                + "access token from the site configuration", l.get(1));
        assertFalse(lines(env("EXECUTOR_QUEUE_NAME", "x")).toString().contains("sgp_secret_value_123"));
    }
}
