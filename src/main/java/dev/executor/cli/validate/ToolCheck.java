package dev.executor.cli.validate;

import java.util.List;

/**
 * The host tools of spec §4.1/§5: git (at least 2.26, for protocol v2 and sparse checkout) clones every
 * repository; src (src-cli) only runs the host-side step of src-cli batch jobs, so its absence is a warning.
 */
final class ToolCheck {

    static final Semver MINIMUM_GIT = new Semver(2, 26, 0);

    private ToolCheck() {
    }

    static CheckResult git() {
        HostCommand git = HostCommand.run(List.of("git", "version"));
        if (!git.found()) {
            return CheckResult.fail("git", "not found on PATH", "install git " + MINIMUM_GIT.major() + "."
                    + MINIMUM_GIT.minor() + " or newer (e.g. apt-get install git)");
        }
        Semver version = Semver.find(git.firstLine());
        if (git.exitCode() != 0 || version == null) {
            return CheckResult.fail("git", "\"git version\" failed: " + git.firstLine(), "reinstall git");
        }
        if (version.compareTo(MINIMUM_GIT) < 0) {
            return CheckResult.fail("git", "version " + version + " is older than " + MINIMUM_GIT.major() + "."
                    + MINIMUM_GIT.minor() + " (needed for protocol v2 and sparse checkout)", "upgrade git");
        }
        return CheckResult.pass("git", "version " + version);
    }

    /** The local src-cli version, or {@code null} with the line to print when it is missing or broken. */
    record Src(Semver version, CheckResult problem) {
    }

    static Src src() {
        HostCommand src = HostCommand.run(List.of("src", "version", "-client-only"));
        if (!src.found()) {
            return new Src(null, CheckResult.warn("src", "not found on PATH; only batch changes executed with "
                    + "src-cli on the host (the batch-exec step) need it",
                    "install the src-cli release your Sourcegraph recommends into the PATH "
                            + "(https://github.com/sourcegraph/src-cli/releases)"));
        }
        Semver version = Semver.find(src.firstLine());
        if (src.exitCode() != 0 || version == null) {
            return new Src(null, CheckResult.fail("src", "\"src version -client-only\" failed: " + src.firstLine(),
                    "reinstall src-cli"));
        }
        return new Src(version, null);
    }
}
