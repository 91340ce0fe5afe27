package dev.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgumentsTest {

    private static Arguments parse(String... args) {
        return Arguments.parse("run-job", List.of(args), Set.of("--keep"), Set.of("--repo"));
    }

    @Test
    void flagsValuesAndPositionalsInAnyOrder() {
        Arguments a = parse("--keep", "job.json", "--repo", "/src");
        assertTrue(a.flag("--keep"));
        assertEquals(Optional.of("/src"), a.value("--repo"));
        assertEquals(List.of("job.json"), a.positionals());
        assertFalse(a.help());
    }

    @Test
    void equalsFormAndStdinDash() {
        Arguments a = parse("--repo=/src", "-");
        assertEquals(Optional.of("/src"), a.value("--repo"));
        assertEquals(List.of("-"), a.positionals());
    }

    @Test
    void doubleDashEndsOptions() {
        assertEquals(List.of("--keep"), parse("--", "--keep").positionals());
    }

    @Test
    void helpInBothSpellings() {
        assertTrue(parse("-h").help());
        assertTrue(parse("x", "--help").help());
    }

    @Test
    void unknownOptionsAndMissingValuesNameTheCommand() {
        Arguments.UsageException unknown = assertThrows(Arguments.UsageException.class, () -> parse("--verbose"));
        assertEquals("executor run-job: unknown option \"--verbose\"; run \"executor run-job --help\" for usage",
                unknown.getMessage());
        assertTrue(assertThrows(Arguments.UsageException.class, () -> parse("--repo")).getMessage()
                .contains("--repo needs a value"));
        assertTrue(assertThrows(Arguments.UsageException.class, () -> parse("--keep=yes")).getMessage()
                .contains("unknown option \"--keep=yes\""));
    }

    @Test
    void runJobNeedsExactlyOnePayloadAndAnExistingRepo(@TempDir Path dir) {
        assertTrue(assertThrows(Arguments.UsageException.class, () -> RunJobOptions.parse(List.of())).getMessage()
                .contains("give the job payload file"));
        assertTrue(assertThrows(Arguments.UsageException.class, () -> RunJobOptions.parse(List.of("a", "b")))
                .getMessage().contains("expected one payload file"));
        assertTrue(assertThrows(Arguments.UsageException.class,
                () -> RunJobOptions.parse(List.of("--repo", dir.resolve("nope").toString(), "a"))).getMessage()
                .contains("is not a directory"));
        RunJobOptions ok = RunJobOptions.parse(List.of("--repo", dir.toString(), "--keep", "job.json"));
        assertEquals(new RunJobOptions(false, "job.json", dir, true), ok);
    }
}
