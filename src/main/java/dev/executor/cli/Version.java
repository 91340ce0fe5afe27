package dev.executor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The executor's own version (the jar manifest's), the git commit and build date the build recorded in
 * {@value #BUILD_INFO}, and which Java runtime runs it: what {@code executor version} prints, so an operator
 * can tell from one command which build runs on which runtime.
 */
public final class Version {

    /** Written by the build (pom.xml, execution {@code build-info}). */
    static final String BUILD_INFO = "/META-INF/executor-build.properties";

    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    /** The build's {@code commit} and {@code date}; "unknown" when built without git or outside Maven. */
    static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(BUILD_INFO)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + BUILD_INFO, e);
        }
        return p;
    }

    /** The {@code executor version} text: version, commit, build date and the runtime with where it came from. */
    static String describe(Installation installation) {
        Properties build = buildInfo();
        return "executor " + current() + "\n"
                + "commit:  " + nonBlank(build.getProperty("commit")) + "\n"
                + "built:   " + nonBlank(build.getProperty("date")) + "\n"
                + "runtime: " + installation.runtimeDescription() + "\n";
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? "unknown" : s.strip();
    }
}
