package dev.executor.model;

import java.util.List;

/** The names of {@code NAME=value} entries, for a {@code toString} that must not show values. */
final class EnvNames {

    private EnvNames() {
    }

    static List<String> of(List<String> env) {
        return env.stream().map(e -> {
            int eq = e.indexOf('=');
            return eq < 0 ? e : e.substring(0, eq);
        }).toList();
    }
}
