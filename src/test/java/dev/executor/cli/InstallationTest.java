package dev.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationTest {

    @TempDir
    Path prefix;

    @Test
    void helpNamesTheInstalledDocsWhenThePrefixHasThem() throws IOException {
        Installation installed = new Installation(Optional.of(prefix), "bundled", false);
        assertEquals("Documentation: README.md and docs/ in the source tree.\n", HelpText.documentation(installed));

        Files.createDirectories(prefix.resolve("share/doc"));
        assertEquals("Documentation: " + prefix.resolve("share/doc") + "/ (configuration.md, deployment.md,"
                + " operations.md,\n  lifecycle.md, security.md, network.md).\n", HelpText.documentation(installed));
    }

    @Test
    void versionSaysWhichRuntimeRunsIt() {
        String java = "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                + ") at " + System.getProperty("java.home");
        assertEquals(java + ", the runtime bundled in the tarball",
                new Installation(Optional.of(prefix), "bundled", false).runtimeDescription());
        assertEquals(java + ", from JAVA_HOME (the tarball bundles no runtime)",
                new Installation(Optional.of(prefix), "JAVA_HOME", false).runtimeDescription());
        assertEquals(java + ", the java on PATH (the tarball bundles no runtime and JAVA_HOME is unset)",
                new Installation(Optional.of(prefix), "PATH", false).runtimeDescription());
        assertEquals(java + ", started directly (not through bin/executor)",
                new Installation(Optional.empty(), "", false).runtimeDescription());
        assertEquals("native executable (no Java runtime needed)",
                new Installation(Optional.empty(), "", true).runtimeDescription());

        String text = Version.describe(new Installation(Optional.empty(), "", false));
        String[] lines = text.split("\n");
        assertEquals("executor " + Version.current(), lines[0]);
        assertTrue(lines[1].matches("commit:  ([0-9a-f]{12}( \\(with uncommitted changes\\))?|unknown)"), text);
        assertTrue(lines[2].matches("built:   (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ|unknown)"), text);
        assertTrue(lines[3].startsWith("runtime: Java "), text);
    }
}
