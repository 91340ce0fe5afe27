package dev.executor.runtime.docker;

import dev.executor.runtime.StepSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code docker run} argv equivalent to what we ask the API for, in Sourcegraph's exact argument
 * order (spec §4.6), so log entries read the same as Sourcegraph's executor's.
 */
final class DockerRunCommandLine {

    private DockerRunCommandLine() {
    }

    static List<String> of(StepSpec spec, DockerOptions options, String configDir) {
        List<String> argv = new ArrayList<>();
        argv.add("docker");
        if (configDir != null) {
            argv.add("--config");
            argv.add(configDir);
        }
        argv.add("run");
        argv.add("--rm");
        if (options.addHostGateway()) {
            argv.add("--add-host=host.docker.internal:host-gateway");
        }
        if (spec.resources().cpus() > 0) {
            argv.add("--cpus");
            argv.add(Integer.toString(spec.resources().cpus()));
        }
        if (spec.resources().memoryBytes() > 0) {
            argv.add("--memory");
            argv.add(spec.resources().memoryText());
        }
        for (String mount : options.additionalMounts()) {
            argv.add("--mount");
            argv.add(mount);
        }
        argv.add("-v");
        argv.add(spec.hostWorkspace() + ":/data");
        argv.add("-w");
        argv.add(spec.workingDir());
        for (String env : spec.env()) {
            argv.add("-e");
            argv.add(env);
        }
        argv.add("--entrypoint");
        argv.add("/bin/sh");
        argv.add(spec.image());
        argv.add(spec.scriptPath());
        return argv;
    }
}
