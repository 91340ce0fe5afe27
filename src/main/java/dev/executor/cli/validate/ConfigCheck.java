package dev.executor.cli.validate;

import dev.executor.config.ConfigError;
import dev.executor.config.ConfigException;
import dev.executor.config.ConfigLoader;
import dev.executor.config.ExecutorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configuration, as {@code run} would load it: one line per invalid variable with Sourcegraph's
 * commonest mistakes spelled out (spec §10.8): a URL without its scheme, a queue list with spaces, a
 * duration without its unit.
 */
final class ConfigCheck {

    /** The loaded configuration, or {@code null} when it is invalid, with the lines to print. */
    record Outcome(ExecutorConfig config, List<CheckResult> results) {
    }

    private ConfigCheck() {
    }

    static Outcome run(Map<String, String> env) {
        try {
            ExecutorConfig config = ConfigLoader.load(env);
            String queues = String.join(",", config.queueNames());
            return new Outcome(config, List.of(CheckResult.pass("configuration",
                    "valid; queue " + queues + ", frontend " + config.frontendUrl() + ", "
                            + config.maximumNumJobs() + " job slot(s)")));
        } catch (ConfigException e) {
            List<CheckResult> results = new ArrayList<>();
            for (ConfigError error : e.errors()) {
                results.add(CheckResult.fail("configuration", error.message(), fix(error)));
            }
            return new Outcome(null, results);
        }
    }

    static String fix(ConfigError error) {
        String variable = error.variable();
        String value = error.value() == null ? "" : error.value();
        if (variable.startsWith("EXECUTOR_FRONTEND_URL") && !value.isEmpty() && !value.contains("://")) {
            return "add the scheme: " + variable + "=https://" + value;
        }
        if (variable.startsWith("EXECUTOR_QUEUE_NAMES") && value.contains(" ")) {
            return "remove the spaces: " + variable + "=" + value.replace(" ", "");
        }
        if (error.expected().contains("Go duration") && value.matches("\\d+")) {
            return "add a unit: " + variable + "=" + value + "s (or ms, m, h)";
        }
        return "set " + variable + " to " + error.expected().replace(" (no value supplied)", "");
    }
}
