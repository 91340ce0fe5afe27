package dev.executor.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code executor run-job [--repo DIR] [--keep] FILE|-}, parsed and checked before anything starts.
 *
 * @param payload the payload file, or {@code -} for stdin; {@code null} only with {@code help}
 * @param repo    {@code --repo}: a local repository to clone from, or {@code null}
 */
record RunJobOptions(boolean help, String payload, Path repo, boolean keep) {

    /** Exit code when the job did not complete (errored or failed). */
    static final int EXIT_JOB_FAILED = 1;

    /** Exit code when nothing ran: usage, payload, configuration or Docker problem. */
    static final int EXIT_NOT_RUN = 2;

    /** Exit code after SIGINT/SIGTERM (128 + SIGINT, as shells report it). */
    static final int EXIT_INTERRUPTED = 130;

    static RunJobOptions parse(List<String> args) {
        Arguments a = Arguments.parse("run-job", args, Set.of("--keep"), Set.of("--repo"));
        if (a.help()) {
            return new RunJobOptions(true, null, null, false);
        }
        if (a.positionals().size() != 1) {
            throw Arguments.usage("run-job", a.positionals().isEmpty()
                    ? "give the job payload file, or - to read it from stdin"
                    : "expected one payload file, got " + a.positionals());
        }
        Path repo = a.value("--repo").map(Path::of).orElse(null);
        if (repo != null && !Files.isDirectory(repo)) {
            throw Arguments.usage("run-job", "--repo " + repo + " is not a directory");
        }
        return new RunJobOptions(false, a.positionals().get(0), repo, a.flag("--keep"));
    }
}
