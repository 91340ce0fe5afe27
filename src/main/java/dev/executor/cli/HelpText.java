package dev.executor.cli;

import dev.executor.config.EnvVar;

/** {@code --help} texts; every variable comes from the {@link EnvVar} catalogue so the list cannot drift. */
final class HelpText {

    private HelpText() {
    }

    static String general() {
        return """
                executor: runs Sourcegraph batch-change and auto-indexing jobs in Docker containers.

                Usage: executor [command] [options]

                Commands:
                  run        start the service (the default)
                  version    print the version
                  help       show this text

                Configuration comes from environment variables only; "executor run --help" lists them.
                """;
    }

    static String run() {
        StringBuilder b = new StringBuilder("""
                Usage: executor run

                Leases jobs from the Sourcegraph instance at EXECUTOR_FRONTEND_URL and runs them.

                Environment variables:
                """);
        for (EnvVar var : EnvVar.values()) {
            b.append("  ").append(var.name());
            b.append(var.defaultValue() == null ? " (no default)" : " (default \"" + var.defaultValue() + "\")");
            b.append("\n      ").append(var.description()).append('\n');
        }
        return b.toString();
    }
}
