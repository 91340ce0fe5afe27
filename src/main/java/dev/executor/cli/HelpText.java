package dev.executor.cli;

import dev.executor.config.EnvVar;
import dev.executor.config.SecretMask;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --help} texts; every variable comes from the {@link EnvVar} catalogue so the lists cannot drift.
 * {@code validate --help} also shows each variable's current value, secrets masked.
 */
final class HelpText {

    private HelpText() {
    }

    static String general() {
        return """
                executor: runs Sourcegraph batch-change and auto-indexing jobs in Docker containers.

                Usage: executor [command] [options]

                Commands:
                  run        start the service (the default)
                  validate   check the configuration, Docker, git, src and the frontend, then exit
                  run-job    run one job payload locally, without a frontend
                  version    print the version, build and Java runtime
                  help       show this text

                Configuration comes from environment variables only; "executor <command> --help" lists them.
                """ + documentation(Installation.current());
    }

    /** Where the operator documentation is: the installed tarball's share/doc, else the source tree's docs/. */
    static String documentation(Installation installation) {
        return installation.docs()
                .map(dir -> "Documentation: " + dir + "/ (configuration.md, deployment.md, operations.md,\n"
                        + "  lifecycle.md, security.md, network.md).\n")
                .orElse("Documentation: README.md and docs/ in the source tree.\n");
    }

    static String version() {
        return """
                Usage: executor version

                Prints the executor's version, the git commit and date of its build, and the Java runtime
                that runs it (the tarball's bundled runtime, JAVA_HOME or the java on PATH), then exits.
                """;
    }

    static String run() {
        return """
                Usage: executor run

                Leases jobs from the Sourcegraph instance at EXECUTOR_FRONTEND_URL and runs each step in a
                Docker container. Serves /q/health/live, /q/health/ready, /q/health/started and /q/metrics on
                EXECUTOR_HTTP_HOST:EXECUTOR_HTTP_PORT. SIGTERM drains: no new jobs, running ones get up to
                EXECUTOR_SHUTDOWN_TIMEOUT to finish; a second SIGTERM stops them at once.

                Exit codes: 0 stopped (signal, EXECUTOR_NUM_TOTAL_JOBS or EXECUTOR_MAX_ACTIVE_TIME reached),
                1 invalid configuration (every problem is listed).

                """ + variables(null);
    }

    static String validate(Map<String, String> env) {
        return """
                Usage: executor validate

                Checks what "executor run" needs, one line per check with the fix when it fails: the
                configuration, the Docker engine and the job resource limits against it, git >= 2.26, src
                (a warning when absent: only src-cli batch jobs need it), the frontend URL and secret
                (GET /.executors/test/auth), and free disk under TMPDIR. Starts no service and binds no port.

                Exit codes: 0 every check passed (warnings allowed), 1 at least one check failed.

                """ + variables(env);
    }

    static String runJob() {
        return """
                Usage: executor run-job [--repo DIR] [--keep] FILE|-

                Runs one job payload (the JSON the frontend sends on dequeue; "-" reads stdin) through the
                same pipeline and Docker runtime as the service, with no frontend: each log entry streams to
                stdout under a header, executor logs go to stderr. Starts no service and binds no port.
                EXECUTOR_FRONTEND_URL, EXECUTOR_FRONTEND_PASSWORD and the queue are not needed; when
                EXECUTOR_FRONTEND_PASSWORD is set it is still redacted from the output.

                Options:
                  --repo DIR   clone the job's repository from this local git repository (the service
                               clones through the frontend's git proxy, which run-job does not have);
                               a "commit" that is not a full SHA (e.g. HEAD) is resolved in DIR
                  --keep       keep the workspace after the job (same as EXECUTOR_KEEP_WORKSPACES=true)

                Exit codes: 0 the job completed, 1 the job errored or failed, 2 nothing ran (bad usage,
                unreadable payload, invalid configuration, Docker unreachable), 130 interrupted.

                Examples are in examples/ (see examples/README.md).

                """ + variables(null);
    }

    /**
     * The catalogue by group: name, default and description; with {@code env}, also the current value
     * (masked for secrets).
     */
    static String variables(Map<String, String> env) {
        StringBuilder b = new StringBuilder("Environment variables:\n");
        for (EnvVar.Group group : EnvVar.Group.values()) {
            b.append("\n ").append(group.name().charAt(0)).append(group.name().substring(1).toLowerCase(Locale.ROOT))
                    .append(":\n");
            for (EnvVar var : EnvVar.inGroup(group)) {
                b.append("  ").append(var.name());
                b.append(var.defaultValue() == null ? " (no default)" : " (default \"" + var.defaultValue() + "\")");
                if (env != null) {
                    b.append(" = ").append(current(var, env));
                }
                b.append("\n      ").append(var.description()).append('\n');
            }
        }
        return b.toString();
    }

    private static String current(EnvVar var, Map<String, String> env) {
        if (!var.isSetIn(env)) {
            return "(not set)";
        }
        String value = var.valueIn(env);
        return "\"" + (var.secret() ? SecretMask.mask(value) : value) + "\"";
    }
}
