package dev.executor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shell script in the repository passes shellcheck (Debian's package, installed by .ci/run). */
class ShellScriptsTest {

    static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", ".idea", ".vscode");

    /** Files named *.sh or starting with a #! line for sh, bash or dash. */
    static List<Path> shellScripts() {
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            return files.filter(p -> Files.isRegularFile(p) && !skipped(p) && isShell(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean skipped(Path p) {
        for (Path part : p) {
            if (SKIPPED_DIRS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    static boolean isShell(Path p) {
        if (p.getFileName().toString().endsWith(".sh")) {
            return true;
        }
        try (var in = Files.newInputStream(p)) {
            String head = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
            String first = head.lines().findFirst().orElse("");
            return first.startsWith("#!") && first.matches("#!.*\\b(sh|bash|dash)\\b.*");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shellcheckFindsNothing() {
        List<Path> scripts = shellScripts();
        assertTrue(scripts.contains(Path.of("./src/main/dist/bin/executor")), "launcher not found: " + scripts);
        assertTrue(scripts.contains(Path.of("./.ci/run")), ".ci/run not found: " + scripts);
        List<String> argv = new ArrayList<>(List.of("shellcheck", "--format=gcc"));
        scripts.forEach(s -> argv.add(s.toString()));
        Command.Result r = Command.run(argv);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.output().strip());
    }
}
