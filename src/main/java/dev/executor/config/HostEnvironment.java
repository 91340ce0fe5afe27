package dev.executor.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The executor's own variables a host command sees (spec §4.4, §4.6): {@code HOME}, {@code PATH}, {@code USER} and
 * {@code DOCKER_HOST}, read once from the process environment here, since only {@code config} reads the
 * environment. git and src-cli get these and nothing else of the executor's (its secrets never reach a child), and
 * {@code src} and {@code git} are looked up on this {@code PATH}.
 */
public record HostEnvironment(Map<String, String> variables) {

    /** The forwarded names, in the order they are added to a command's environment. */
    public static final List<String> FORWARDED = List.of("HOME", "PATH", "USER", "DOCKER_HOST");

    public HostEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The forwarded variables that are set in {@code env}. */
    public static HostEnvironment of(Map<String, String> env) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : FORWARDED) {
            String value = env.get(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return new HostEnvironment(kept);
    }

    /** This process's, for code that runs before the composition root exists (start-up checks, run-job). */
    public static HostEnvironment ofProcess() {
        return of(System.getenv());
    }

    /** {@code PATH}, or empty when unset. */
    public String path() {
        return variables.getOrDefault("PATH", "");
    }
}
