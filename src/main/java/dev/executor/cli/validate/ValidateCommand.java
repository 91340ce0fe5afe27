package dev.executor.cli.validate;

import dev.executor.config.ExecutorConfig;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * {@code executor validate}: every check {@code run} depends on, printed one line each as it completes
 * (so a slow check shows where it hangs), then {@code All checks passed!} or the number that failed.
 * Checks that need a valid configuration are skipped when it is invalid; the others still run, so one
 * invocation shows every problem there is.
 */
public final class ValidateCommand {

    private final Map<String, String> env;
    private final PrintStream out;
    private final boolean unicode;
    private int failures;
    private int warnings;

    /** {@code out} writes in the platform charset (as {@code System.out} does); marks are chosen to fit it. */
    public ValidateCommand(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
        this.unicode = Charset.defaultCharset().newEncoder().canEncode("\u2713\u2717");
    }

    /** Runs the checks and returns the exit code: 0 when none failed, 1 otherwise. */
    public int run() {
        ConfigCheck.Outcome configuration = ConfigCheck.run(env);
        configuration.results().forEach(this::print);
        ExecutorConfig config = configuration.config();

        DockerCheck.run(config).forEach(this::print);
        print(ToolCheck.git(env));
        ToolCheck.Src src = ToolCheck.src(env);
        if (config == null) {
            if (src.problem() != null) {
                print(src.problem());
            }
            print(CheckResult.skip("frontend", "fix the configuration first"));
            print(CheckResult.skip("disk", "fix the configuration first"));
        } else {
            FrontendCheck frontend = new FrontendCheck(config);
            print(src.problem() != null ? src.problem() : frontend.srcVersion(src.version()));
            print(frontend.auth());
            print(DiskCheck.run(config));
        }

        if (failures == 0) {
            out.println("All checks passed!" + (warnings == 0 ? "" : " (" + warnings + " warning"
                    + (warnings == 1 ? "" : "s") + ")"));
            return 0;
        }
        out.println(failures + (failures == 1 ? " check failed." : " checks failed."));
        return 1;
    }

    private void print(CheckResult result) {
        if (result.status() == CheckResult.Status.FAIL) {
            failures++;
        } else if (result.status() == CheckResult.Status.WARN) {
            warnings++;
        }
        out.println(result.line(unicode));
        out.flush();
    }
}
