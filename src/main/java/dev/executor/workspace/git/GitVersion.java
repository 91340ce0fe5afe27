package dev.executor.workspace.git;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git version as {@code git version} prints it ({@code git version 2.39.5},
 * {@code git version 2.39.3 (Apple Git-146)}, {@code git version 2.45.1.windows.1}).
 */
record GitVersion(int major, int minor, int patch) implements Comparable<GitVersion> {

    /** Protocol v2 by default and {@code git sparse-checkout} both need 2.26 (spec §4.4). */
    static final GitVersion MINIMUM = new GitVersion(2, 26, 0);

    private static final Pattern VERSION = Pattern.compile("^git version (\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    static Optional<GitVersion> parse(String output) {
        Matcher m = VERSION.matcher(output == null ? "" : output.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GitVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // digits beyond int range: not a version we know
        }
    }

    boolean atLeast(GitVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(GitVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
