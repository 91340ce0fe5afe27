package dev.executor.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where this executor is installed and what runs it, as far as the process can tell. {@code bin/executor}
 * passes its prefix ({@value #HOME_PROPERTY}) and how it found Java ({@value #SOURCE_PROPERTY}: {@code bundled},
 * {@code JAVA_HOME} or {@code PATH}); a native executable is its own runtime and finds its prefix from its
 * own path; {@code java -jar} on the jar knows neither.
 */
record Installation(Optional<Path> prefix, String javaSource, boolean nativeImage) {

    static final String HOME_PROPERTY = "executor.home";
    static final String SOURCE_PROPERTY = "executor.java.source";

    /** The operator documentation under the prefix: share/doc of the tarball. */
    static final String DOC_DIR = "share/doc";

    static Installation current() {
        boolean nativeImage = "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"));
        Optional<Path> prefix = Optional.ofNullable(System.getProperty(HOME_PROPERTY)).map(Path::of);
        if (prefix.isEmpty() && nativeImage) {
            // <prefix>/bin/executor
            prefix = ProcessHandle.current().info().command().map(Path::of).map(Path::getParent).map(Path::getParent);
        }
        return new Installation(prefix, System.getProperty(SOURCE_PROPERTY, ""), nativeImage);
    }

    /** The installed documentation directory, when this is an installed tarball that has one. */
    Optional<Path> docs() {
        return prefix.map(p -> p.resolve(DOC_DIR)).filter(Files::isDirectory);
    }

    /** E.g. {@code Java 25.0.3+9-LTS (Eclipse Adoptium) from the bundled runtime /opt/sourcegraph/lib/runtime}. */
    String runtimeDescription() {
        if (nativeImage) {
            return "native executable (no Java runtime needed)";
        }
        String java = "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                + ") at " + System.getProperty("java.home");
        return switch (javaSource) {
            case "bundled" -> java + ", the runtime bundled in the tarball";
            case "JAVA_HOME" -> java + ", from JAVA_HOME (the tarball bundles no runtime)";
            case "PATH" -> java + ", the java on PATH (the tarball bundles no runtime and JAVA_HOME is unset)";
            default -> java + ", started directly (not through bin/executor)";
        };
    }
}
