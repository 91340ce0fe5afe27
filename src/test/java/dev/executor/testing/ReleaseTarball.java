package dev.executor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The build's release tarball, unpacked with tar into a fresh prefix as an operator does into /opt/sourcegraph. */
public final class ReleaseTarball {

    /** target/sourcegraph-executor.tar.gz, or what failsafe names (the native build's tarball has the same name). */
    public static final Path PATH = Path.of(System.getProperty("executor.tarball", "target/sourcegraph-executor.tar.gz"))
            .toAbsolutePath();

    private ReleaseTarball() {
    }

    /** A new directory under target/ holding the unpacked tarball. */
    public static Path unpack() {
        try {
            Path prefix = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "opt-sourcegraph-");
            Command.Result untar = Command.run(List.of("tar", "-C", prefix.toString(), "-zxf", PATH.toString()));
            assertEquals(0, untar.exitCode(), untar.toString());
            return prefix;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the tarball carries its own Java runtime (lib/runtime, the -Drelease build). */
    public static boolean bundlesRuntime() {
        Command.Result list = Command.run(List.of("tar", "-tzf", PATH.toString(), "lib/runtime/bin/java"));
        return list.exitCode() == 0;
    }

    /**
     * {@code <prefix>/bin/executor run} with {@code env} plus JAVA_HOME (this JVM's), as the systemd unit starts the
     * service: the launcher's JVM flags, and the AppCDS archive when the prefix has one.
     */
    public static ExecutorProcess run(Path prefix, String name, Map<String, String> env) {
        Map<String, String> withJava = new HashMap<>(env);
        withJava.put("JAVA_HOME", System.getProperty("java.home"));
        return ExecutorProcess.startLauncher(name, List.of(prefix.resolve("bin/executor").toString()), withJava, "run");
    }
}
