package dev.executor.cli.validate;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The first {@code major.minor[.patch]} in a tool's version text ({@code git version 2.39.5}, {@code 5.3.0}). */
record Semver(int major, int minor, int patch) implements Comparable<Semver> {

    private static final Comparator<Semver> ORDER =
            Comparator.comparingInt(Semver::major).thenComparingInt(Semver::minor).thenComparingInt(Semver::patch);

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    static Semver find(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text);
        if (!m.find()) {
            return null;
        }
        return new Semver(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    boolean sameMinor(Semver other) {
        return major == other.major && minor == other.minor;
    }

    @Override
    public int compareTo(Semver o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
