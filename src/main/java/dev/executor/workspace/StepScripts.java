package dev.executor.workspace;

import dev.executor.model.Job;
import java.util.List;

/**
 * The shell script written for each docker step (spec §4.5): Sourcegraph's name scheme and a preamble
 * that re-executes the script under bash when the image has it (so commands may use bash syntax),
 * then echoes every command and lets the last one decide the exit status.
 */
public final class StepScripts {

    /** Directory inside the workspace that holds the scripts. */
    public static final String DIR = ".sourcegraph-executor";

    private static final String PREAMBLE = """

            # First run only: switch to bash when the image has it, passing an argument so this runs once.
            if [ -z "$1" ]; then
              bash_path=$(command -p -v bash)
              set -e
              # bash on the PATH wins; otherwise fall back to /bin/bash, else keep running under sh.
              if [ -n "$bash_path" ]; then
                exec "${bash_path}" "$0" skip-check
              else
                # PATH may be unset while /bin/bash still exists.
                if [ -f "/bin/bash" ]; then
                  exec /bin/bash "$0" skip-check
                fi
              fi
            fi

            # Back to the default: a failing command does not stop the script by itself.
            set +e
            # Echo every command of the step.
            set -x
            """;

    private StepScripts() {
    }

    /** {@code <jobID>.<stepIndex>_<repositoryName with / → _>@<commit>.sh} */
    public static String name(Job job, int index) {
        String repo = job.repositoryName() == null ? "" : job.repositoryName().replace("/", "_");
        String commit = job.commit() == null ? "" : job.commit();
        return job.id() + "." + index + "_" + repo + "@" + commit + ".sh";
    }

    /** The preamble, an empty line, then each command on its own line, with a trailing newline. */
    public static String content(List<String> commands) {
        StringBuilder script = new StringBuilder(PREAMBLE).append('\n').append('\n');
        for (String command : commands) {
            script.append(command).append('\n');
        }
        return script.toString();
    }

    /** Where the container sees the script. */
    public static String containerPath(Job job, int index) {
        return "/data/" + DIR + "/" + name(job, index);
    }
}
