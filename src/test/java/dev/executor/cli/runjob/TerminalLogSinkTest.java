package dev.executor.cli.runjob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.executor.logs.EntrySnapshot;
import dev.executor.logs.LogEntrySink.Attempt;
import dev.executor.logs.OutText;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalLogSinkTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TerminalLogSink sink = new TerminalLogSink(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    /** The entry text as the spool would give it; only {@code text()} is read by the terminal sink. */
    private static OutText text(String out) {
        return new OutText() {
            @Override
            public long length() {
                return out.getBytes(StandardCharsets.UTF_8).length;
            }

            @Override
            public long jsonLength() {
                throw new UnsupportedOperationException("the terminal prints text, not JSON");
            }

            @Override
            public InputStream openJson() {
                throw new UnsupportedOperationException("the terminal prints text, not JSON");
            }

            @Override
            public String text() {
                return out;
            }
        };
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static final List<String> ARGV = List.of("docker", "run", "-e", "A=two words", "img");

    private static EntrySnapshot step(Integer exitCode, String out, Long durationMs) {
        return new EntrySnapshot("step.docker.a", ARGV, "t", exitCode, text(out), durationMs);
    }

    @Test
    void headerThenOnlyNewOutputThenFooterOnce() {
        int id = sink.add(step(null, "", null), Attempt.ONCE);
        sink.update(id, step(null, "stdout: one\n", null), Attempt.ONCE);
        sink.update(id, step(null, "stdout: one\nstderr: two\n", null), Attempt.ONCE);
        sink.update(id, step(3, "stdout: one\nstderr: two\n", 1500L), Attempt.UNTIL_DEADLINE);
        sink.update(id, step(3, "stdout: one\nstderr: two\n", 1500L), Attempt.UNTIL_DEADLINE);
        assertEquals("\n==> step.docker.a: docker run -e 'A=two words' img\n"
                + "stdout: one\nstderr: two\n"
                + "<== step.docker.a: exit code 3 after 1.5s\n", printed());
    }

    @Test
    void syntheticEntriesHaveNoCommand() {
        int id = sink.add(new EntrySnapshot("setup.fs.extras", null, "t", null, text("Wrote x in 1ms\n"), null),
                Attempt.ONCE);
        sink.update(id, new EntrySnapshot("setup.fs.extras", null, "t", 0, text("Wrote x in 1ms\n"), 1L),
                Attempt.UNTIL_DEADLINE);
        assertEquals("\n==> setup.fs.extras\nWrote x in 1ms\n<== setup.fs.extras: exit code 0 after 0.0s\n", printed());
    }

    @Test
    void quotesWhatAShellWouldSplit() {
        assertEquals("git -C /w 'it'\\''s' '' '$HOME'",
                TerminalLogSink.shellWords(List.of("git", "-C", "/w", "it's", "", "$HOME")));
    }
}
