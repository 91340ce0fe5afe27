package dev.executor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The AppCDS archive of an unpacked JVM tarball ({@code lib/quarkus-app/app-cds.jsa}), which {@code bin/executor run}
 * uses when present. A {@code -Drelease} build ships it; for any other build this makes it the same way, so
 * benchmarks measure the launcher as operators run it.
 *
 * @param path   the archive
 * @param origin where it came from, for reports
 */
public record AppCdsArchive(Path path, String origin) {

    /** The prefix's archive, made now when the tarball has none; {@code null} for the native tarball. */
    public static AppCdsArchive ensure(Path prefix) {
        Path app = prefix.resolve("lib/quarkus-app");
        if (!Files.isDirectory(app)) {
            return null; // the native tarball: nothing to archive
        }
        Path archive = app.resolve("app-cds.jsa");
        if (Files.exists(archive)) {
            return new AppCdsArchive(archive, "from the -Drelease build");
        }
        // The same AppCDS run as the -Drelease build's (see AppCdsWarmUp), with the launcher's GC.
        Command.Result dump = Command.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:ArchiveClassesAtExit=app-cds.jsa", "-Dquarkus.appcds.generate=true",
                "-jar", "quarkus-run.jar"), app, null, Duration.ofMinutes(3));
        assertEquals(0, dump.exitCode(), dump.toString());
        assertTrue(Files.exists(archive), dump.toString());
        return new AppCdsArchive(archive, "made by the test as the -Drelease build does");
    }
}
