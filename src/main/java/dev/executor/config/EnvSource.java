package dev.executor.config;

import java.util.Map;
import java.util.Objects;

/**
 * Sourcegraph's env lookup rules over a plain map, so tests can pass a map instead of mutating the
 * process environment.
 *
 * <p>A variable that is set but empty counts as set (Go's {@code os.LookupEnv}): an empty
 * {@code EXECUTOR_JOB_MEMORY=} means "no limit", not "use the default".
 */
final class EnvSource {

    /** Where a value came from; {@code variable} is the name to show the operator. */
    record Setting(String variable, String value, boolean defaulted) {
        boolean isBlank() {
            return value == null || value.isEmpty();
        }
    }

    private final Map<String, String> env;

    EnvSource(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /**
     * The value of {@code var}: {@code <NAME>_executor}, else {@code <NAME>}, else the deprecated
     * name when {@code <NAME>} is unset or empty and the deprecated one is non-empty, else the
     * catalogue default (whose value may be {@code null}).
     */
    Setting read(EnvVar var) {
        Setting own = lookup(var.name());
        if (own != null && !own.isBlank()) {
            return own;
        }
        Setting deprecated = var.deprecatedFallback().map(f -> lookup(f.name())).orElse(null);
        if (deprecated != null && !deprecated.isBlank()) {
            return deprecated;
        }
        return own != null ? own : new Setting(var.name(), var.defaultValue(), true);
    }

    private Setting lookup(String name) {
        String override = name + EnvVar.PROCESS_OVERRIDE_SUFFIX;
        if (env.containsKey(override)) {
            return new Setting(override, env.get(override), false);
        }
        if (env.containsKey(name)) {
            return new Setting(name, env.get(name), false);
        }
        return null;
    }
}
