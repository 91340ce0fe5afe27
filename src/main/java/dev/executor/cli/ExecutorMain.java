package dev.executor.cli;

import dev.executor.cli.validate.ValidateCommand;
import dev.executor.config.ConfigException;
import dev.executor.config.ConfigLoader;
import dev.executor.config.ExecutorConfig;
import dev.executor.workspace.git.GitVersionCheck;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Entry point. Commands that need no runtime ({@code version}, {@code --help}, {@code validate}) answer
 * without starting Quarkus; {@code run} and {@code run-job} validate every variable first and print all
 * problems together, then map the HTTP and log settings onto Quarkus before starting it. Only {@code run}
 * serves HTTP: {@code run-job} disables the listener so it can run next to a service on the same host.
 */
@QuarkusMain
public final class ExecutorMain {

    /** Exit code for a configuration the executor refuses to start with. */
    public static final int EXIT_CONFIG = 1;

    /** Exit code for a command line that cannot be run (unknown option, missing argument). */
    public static final int EXIT_USAGE = 2;

    private ExecutorMain() {
    }

    public static void main(String... args) {
        if (AppCdsWarmUp.requested()) {
            AppCdsWarmUp.run(args);
            return;
        }
        String command = args.length == 0 ? "run" : args[0];
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        try {
            dispatch(command, rest);
        } catch (Arguments.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_USAGE);
        }
    }

    private static void dispatch(String command, List<String> rest) {
        switch (command) {
            case "-h", "--help", "help" -> exit(0, HelpText.general());
            case "version", "--version" -> {
                if (Arguments.parse("version", rest, Set.of(), Set.of()).help()) {
                    exit(0, HelpText.version());
                }
                exit(0, Version.describe(Installation.current()));
            }
            case "run" -> {
                if (Arguments.parse("run", rest, Set.of(), Set.of()).help()) {
                    exit(0, HelpText.run());
                }
                AotCacheCheck.warning().ifPresent(System.err::println);
                ExecutorConfig config = loadOrExit(ConfigLoader::load, EXIT_CONFIG);
                requireGitOrExit(EXIT_CONFIG);
                configureQuarkus(config, true);
                String portVariable = ConfigLoader.httpPortVariable(System.getenv());
                start(ExecutorApplication.class, rest, failure -> HttpPortClash.explain(failure, portVariable,
                        config.httpHost(), config.httpPort()));
            }
            case "validate" -> {
                Map<String, String> env = System.getenv();
                if (Arguments.parse("validate", rest, Set.of(), Set.of()).help()) {
                    exit(0, HelpText.validate(env));
                }
                System.exit(new ValidateCommand(env, System.out).run());
            }
            case "run-job" -> {
                RunJobOptions options = RunJobOptions.parse(rest);
                if (options.help()) {
                    exit(0, HelpText.runJob());
                }
                ExecutorConfig config = loadOrExit(ConfigLoader::loadWithoutFrontend, RunJobOptions.EXIT_NOT_RUN);
                if (options.repo() != null) {
                    requireGitOrExit(RunJobOptions.EXIT_NOT_RUN);
                }
                configureQuarkus(config, false);
                // Quarkus's own start-up lines would interleave with the job's output.
                System.setProperty("quarkus.log.category.\"io.quarkus\".level", "WARN");
                start(RunJobApplication.class, rest, failure -> Optional.empty());
            }
            default -> {
                System.err.println("executor: unknown command \"" + command + "\"; run \"executor --help\" for the list");
                System.exit(1);
            }
        }
    }

    /** {@code explain}: an operator's explanation of a start-up failure, when there is one (a port clash). */
    private static void start(Class<? extends QuarkusApplication> application, List<String> args,
            Function<Throwable, Optional<String>> explain) {
        Quarkus.run(application, (exitCode, failure) -> {
            if (failure != null) {
                System.err.println(explain.apply(failure).map(m -> "executor: " + m)
                        .orElseGet(() -> StartupFailure.describe(failure, System.getenv())));
            }
            System.exit(exitCode);
        }, args.toArray(String[]::new));
    }

    private static void exit(int code, String text) {
        System.out.print(text);
        System.out.flush();
        System.exit(code);
    }

    static ExecutorConfig loadOrExit(Function<Map<String, String>, ExecutorConfig> loader, int exitCode) {
        try {
            return loader.apply(System.getenv());
        } catch (ConfigException e) {
            System.err.println("executor: invalid configuration:");
            System.err.println(e.getMessage());
            System.exit(exitCode);
            throw e; // unreachable
        }
    }

    /** Before anything is dequeued: a host git that cannot clone as §4.4 does is a startup error. */
    static void requireGitOrExit(int exitCode) {
        GitVersionCheck.problem().ifPresent(problem -> {
            System.err.println("executor: " + problem);
            System.exit(exitCode);
        });
    }

    /** Maps our variables onto Quarkus settings, which Quarkus reads from system properties at start. */
    static void configureQuarkus(ExecutorConfig config, boolean serveHttp) {
        if (serveHttp) {
            System.setProperty("quarkus.http.port", Integer.toString(config.httpPort()));
            System.setProperty("quarkus.http.host", config.httpHost());
        } else {
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        System.setProperty("quarkus.log.category.\"dev.executor\".level", quarkusLevel(config.logLevel()));
        // The worker's @Scheduled intervals (ISO-8601; Quartz fires at millisecond resolution).
        System.setProperty("executor.schedule.poll", scheduleEvery(config.pollInterval()));
        System.setProperty("executor.schedule.heartbeat", scheduleEvery(config.heartbeatInterval()));
        System.setProperty("executor.schedule.janitor", scheduleEvery(config.cleanupTaskInterval()));
        System.setProperty("quarkus.log.console.json.enabled", Boolean.toString("json".equals(config.logFormat())));
    }

    /**
     * A schedule's interval: at least {@link #MIN_SCHEDULE_INTERVAL} (a zero poll interval means "poll again at once",
     * which the lease pipeline already does after every job, so ticks need not be busier than that).
     */
    static String scheduleEvery(java.time.Duration interval) {
        return (interval.compareTo(MIN_SCHEDULE_INTERVAL) < 0 ? MIN_SCHEDULE_INTERVAL : interval).toString();
    }

    static final java.time.Duration MIN_SCHEDULE_INTERVAL = java.time.Duration.ofMillis(10);

    /** Sourcegraph's {@code SRC_LOG_LEVEL} words as JBoss log levels. */
    static String quarkusLevel(String srcLogLevel) {
        return switch (srcLogLevel.toLowerCase(Locale.ROOT)) {
            case "dbug", "debug" -> "DEBUG";
            case "info" -> "INFO";
            case "error" -> "ERROR";
            case "crit" -> "FATAL";
            default -> "WARN";
        };
    }
}
