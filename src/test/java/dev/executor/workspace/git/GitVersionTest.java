package dev.executor.workspace.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitVersionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "git version 2.39.5|2.39.5",
            "git version 2.39.3 (Apple Git-146)|2.39.3",
            "git version 2.45.1.windows.1|2.45.1",
            "git version 2.26|2.26.0",
            "'  git version 3.0.0\n'|3.0.0"})
    void parsesWhatGitPrints(String output, String expected) {
        assertEquals(expected, GitVersion.parse(output).orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "git version", "version 2.39.0", "git version two", "git version 99999999999.1.0"})
    void unreadableOutputHasNoVersion(String output) {
        assertEquals(Optional.empty(), GitVersion.parse(output));
    }

    @ParameterizedTest(name = "{0} >= 2.26: {1}")
    @CsvSource({"2.25.9, false", "2.26.0, true", "2.26.1, true", "2.3.0, false", "2.100.0, true", "1.99.99, false",
            "3.0.0, true"})
    void comparesNumericallyNotAsText(String version, boolean ok) {
        assertEquals(ok, GitVersion.parse("git version " + version).orElseThrow().atLeast(GitVersion.MINIMUM));
    }

    @Test
    void tooOldGitIsAClearProblem() {
        assertEquals(Optional.of("git 2.25.1 is too old: 2.26 or newer is required (protocol v2 and sparse checkout)"),
                GitVersionCheck.check("git version 2.25.1\n"));
        assertEquals(Optional.empty(), GitVersionCheck.check("git version 2.26.0"));
    }

    @Test
    void unreadableVersionIsAProblemNamingTheOutput() {
        String problem = GitVersionCheck.check("hub version 2.14.2").orElseThrow();
        assertTrue(problem.contains("\"hub version 2.14.2\"") && problem.contains("2.26.0 or newer"), problem);
    }

    @Test
    void theHostGitOfThisMachinePasses() {
        assertEquals(Optional.empty(), GitVersionCheck.problem());
    }

    @Test
    void anOldGitFirstOnPathIsReported(@TempDir Path bin) throws Exception {
        Path git = bin.resolve("git");
        Files.writeString(git, "#!/bin/sh\necho 'git version 2.25.1'\n");
        Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Optional.of("git 2.25.1 is too old: 2.26 or newer is required (protocol v2 and sparse checkout)"),
                GitVersionCheck.problem(Map.of("PATH", bin + ":/usr/bin:/bin")));
    }

    @Test
    void gitMissingFromPathIsAProblemNamingPath() {
        String problem = GitVersionCheck.problem(Map.of("PATH", "/nonexistent-dir")).orElseThrow();
        assertEquals("git is required to clone repositories but was not found on PATH \"/nonexistent-dir\"", problem);
    }
}
