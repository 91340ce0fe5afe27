package dev.executor.cli;

import dev.executor.config.ConfigException;
import dev.executor.config.ConfigLoader;
import dev.executor.config.ExecutorConfig;
import dev.executor.queue.transport.FrontendTransport;
import dev.executor.workspace.git.GitVersionCheck;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point. Commands that need no runtime ({@code version}, {@code --help}) answer at once; {@code run}
 * validates every variable first and prints all problems together (exit 1), then maps the HTTP and log
 * settings onto Quarkus before starting it.
 */
@QuarkusMain
public final class ExecutorMain {

    /** Exit code for a configuration the executor refuses to start with. */
    public static final int EXIT_CONFIG = 1;

    private ExecutorMain() {
    }

    public static void main(String... args) {
        FrontendTransport.allowBasicProxyAuthForTunnels(); // before anything loads the JDK HTTP client
        if (AppCdsWarmUp.requested()) {
            AppCdsWarmUp.run(args);
            return;
        }
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "-h", "--help", "help" -> {
                System.out.print(HelpText.general());
                System.exit(0);
            }
            case "version", "--version" -> {
                System.out.println("executor " + Version.current());
                System.exit(0);
            }
            case "run" -> {
                if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
                    System.out.print(HelpText.run());
                    System.exit(0);
                }
                ExecutorConfig config = loadOrExit();
                requireGitOrExit();
                configureQuarkus(config, true);
                Quarkus.run(ExecutorApplication.class, (exitCode, failure) -> {
                    if (failure != null) {
                        System.err.println("executor: " + failure.getMessage());
                    }
                    System.exit(exitCode);
                }, args);
            }
            default -> {
                System.err.println("executor: unknown command \"" + command + "\"; run \"executor --help\" for the list");
                System.exit(1);
            }
        }
    }

    static ExecutorConfig loadOrExit() {
        try {
            return ConfigLoader.load(System.getenv());
        } catch (ConfigException e) {
            System.err.println("executor: invalid configuration:");
            System.err.println(e.getMessage());
            System.exit(EXIT_CONFIG);
            throw e; // unreachable
        }
    }

    /** Before anything is dequeued: a host git that cannot clone as §4.4 does is a startup error. */
    static void requireGitOrExit() {
        GitVersionCheck.problem().ifPresent(problem -> {
            System.err.println("executor: " + problem);
            System.exit(EXIT_CONFIG);
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
        String level = switch (config.logLevel().toLowerCase(Locale.ROOT)) {
            case "dbug", "debug" -> "DEBUG";
            case "info" -> "INFO";
            case "error" -> "ERROR";
            case "crit" -> "FATAL";
            default -> "WARN";
        };
        System.setProperty("quarkus.log.category.\"dev.executor\".level", level);
        if ("json".equalsIgnoreCase(config.logFormat())) {
            System.setProperty("quarkus.log.console.json.enabled", "true");
        }
    }
}
