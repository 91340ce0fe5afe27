package dev.executor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool on a real file: content, cap, escaping, and reopening after a crash. */
class EntrySpoolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void keepsEveryLineWithItsPrefixAndFileIsPrivate() throws IOException {
        EntrySpool spool = EntrySpool.create(dir.resolve("0.log"), new LogCap(1 << 20, "1M"), "step.docker.x");
        spool.append(Pipe.STDOUT, "hello");
        spool.append(Pipe.STDERR, "oops");
        spool.append(null, "Wrote a.txt in 1ms");
        SpoolView view = spool.view();
        assertEquals("stdout: hello\nstderr: oops\nWrote a.txt in 1ms\n", view.text());
        assertEquals(view.text().getBytes(StandardCharsets.UTF_8).length, view.length());
        assertFalse(view.capped());
        assertEquals(1, spool.lines(Pipe.STDOUT));
        assertEquals(1, spool.lines(Pipe.STDERR));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("0.log"))));
    }

    @Test
    void embeddedNewlinesBecomeSeparatePrefixedLines() {
        EntrySpool spool = EntrySpool.create(dir.resolve("0.log"), new LogCap(1 << 20, "1M"), "k");
        spool.append(Pipe.STDERR, "first\nsecond");
        assertEquals("stderr: first\nstderr: second\n", spool.view().text());
        assertEquals(2, spool.lines(Pipe.STDERR));
    }

    @Test
    void escapedStreamIsExactlyWhatJacksonWouldWriteAndItsLengthIsKnownBeforehand() throws IOException {
        EntrySpool spool = EntrySpool.create(dir.resolve("0.log"), new LogCap(1 << 20, "1M"), "k");
        String tricky = "quote \" backslash \\ tab \t cr \r bell \u0007 nul \u0000 del \u007f é ü 😀 </script>";
        spool.append(Pipe.STDOUT, tricky);
        SpoolView view = spool.view();
        String escaped = read(view.openJson());
        assertEquals(view.jsonLength(), escaped.getBytes(StandardCharsets.UTF_8).length);
        // Whatever the escaping choice, the JSON string must decode to the exact text.
        assertEquals("stdout: " + tricky + "\n", JSON.readValue("\"" + escaped + "\"", String.class));
    }

    @Test
    void overTheCapKeepsWholeHeadAndTailLinesAroundOneMarker() throws IOException {
        LogCap cap = new LogCap(4096, "4k");
        EntrySpool spool = EntrySpool.create(dir.resolve("0.log"), cap, "step.docker.build");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String line = "line " + i + " " + "x".repeat(i % 37);
            lines.add("stdout: " + line);
            spool.append(Pipe.STDOUT, line);
        }
        SpoolView view = spool.view();
        assertTrue(view.capped());
        String text = view.text();
        assertTrue(text.length() <= cap.maxBytes(), "cut text " + text.length() + " within the cap");
        assertEquals(view.length(), text.getBytes(StandardCharsets.UTF_8).length);
        String[] out = text.split("\n", -1);
        assertEquals("", out[out.length - 1], "ends with a newline");
        int marker = -1;
        for (int i = 0; i < out.length - 1; i++) {
            if (out[i].startsWith("stderr: ... ")) {
                assertEquals(-1, marker, "one marker");
                marker = i;
            }
        }
        assertTrue(marker > 0, "a head before the marker");
        for (int i = 0; i < marker; i++) {
            assertEquals(lines.get(i), out[i], "head is the first whole lines");
        }
        int tailLines = out.length - 1 - marker - 1;
        assertTrue(tailLines > 0);
        for (int i = 0; i < tailLines; i++) {
            assertEquals(lines.get(lines.size() - tailLines + i), out[marker + 1 + i], "tail is the last whole lines");
        }
        long omittedLines = lines.size() - marker - tailLines;
        long omittedBytes = 0;
        for (int i = marker; i < lines.size() - tailLines; i++) {
            omittedBytes += lines.get(i).length() + 1;
        }
        assertEquals("stderr: ... " + omittedBytes + " bytes (" + omittedLines + " lines) omitted by the executor: entry "
                + "exceeds EXECUTOR_MAX_LOG_ENTRY_BYTES=4k ...", out[marker]);
        assertEquals(view.jsonLength(), read(view.openJson()).getBytes(StandardCharsets.UTF_8).length);
    }

    /** The frontend's log view splits an entry's output by its {@code stdout: }/{@code stderr: } prefixes. */
    @Test
    void everyLineOfACutEntryCarriesAPipePrefix() {
        EntrySpool spool = EntrySpool.create(dir.resolve("0.log"), new LogCap(2048, "2k"), "step.docker.build");
        for (int i = 0; i < 500; i++) {
            spool.append(i % 3 == 0 ? Pipe.STDERR : Pipe.STDOUT, "line " + i);
        }
        SpoolView view = spool.view();
        assertTrue(view.capped());
        String text = view.text();
        assertTrue(text.endsWith("\n"));
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            assertTrue(line.startsWith("stdout: ") || line.startsWith("stderr: "), "unprefixed line: " + line);
        }
        assertTrue(text.contains("\nstderr: ... "), "the marker is a stderr line: " + text);
    }

    @Test
    void postAndSrcEntriesAreNeverCut() {
        for (String key : List.of("step.docker.step.0.post", "step.src.batch-exec", "step.src.0")) {
            EntrySpool spool = EntrySpool.create(dir.resolve(key + ".log"), new LogCap(1024, "1k"), key);
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                spool.append(Pipe.STDOUT, "{\"operation\":\"CACHE_AFTER_STEP_RESULT\",\"n\":" + i + "}");
                all.append("stdout: {\"operation\":\"CACHE_AFTER_STEP_RESULT\",\"n\":").append(i).append("}\n");
            }
            SpoolView view = spool.view();
            assertFalse(view.capped(), key);
            assertEquals(all.toString(), view.text(), key);
        }
        assertTrue(LogCap.cuttable("step.docker.step.0.run"));
        assertTrue(LogCap.cuttable("step.docker.postprocess"));
    }

    @Test
    void aSingleLineLongerThanTheCapIsOmittedWhole() {
        EntrySpool spool = EntrySpool.create(dir.resolve("0.log"), new LogCap(1024, "1k"), "k");
        spool.append(Pipe.STDOUT, "y".repeat(5000));
        String text = spool.view().text();
        assertEquals("stderr: ... 5009 bytes (1 lines) omitted by the executor: entry exceeds EXECUTOR_MAX_LOG_ENTRY_BYTES=1k ...\n",
                text);
    }

    @Test
    void reopenCutsAPartialLastLineAndRecountsPerStream() throws IOException {
        Path file = dir.resolve("0.log");
        LogCap cap = new LogCap(1 << 20, "1M");
        EntrySpool spool = EntrySpool.create(file, cap, "k");
        spool.append(Pipe.STDOUT, "one");
        spool.append(Pipe.STDERR, "two");
        spool.append(Pipe.STDOUT, "three");
        spool.append(null, "executor line");
        spool.close();
        Files.writeString(file, "stdout: half a li", StandardOpenOption.APPEND); // a crash mid-write
        EntrySpool again = EntrySpool.reopen(file, cap, "k");
        assertEquals(2, again.lines(Pipe.STDOUT));
        assertEquals(1, again.lines(Pipe.STDERR));
        assertEquals("stdout: one\nstderr: two\nstdout: three\nexecutor line\n", again.view().text());
        again.append(Pipe.STDOUT, "four");
        assertEquals("stdout: one\nstderr: two\nstdout: three\nexecutor line\nstdout: four\n", again.view().text());
        assertEquals(3, again.lines(Pipe.STDOUT));
    }

    @Test
    void reopenedSpoolCutsLikeTheOriginal() {
        Path file = dir.resolve("0.log");
        LogCap cap = new LogCap(2048, "2k");
        EntrySpool spool = EntrySpool.create(file, cap, "k");
        for (int i = 0; i < 300; i++) {
            spool.append(i % 3 == 0 ? Pipe.STDERR : Pipe.STDOUT, "line number " + i);
        }
        String before = spool.view().text();
        long json = spool.view().jsonLength();
        spool.close();
        EntrySpool again = EntrySpool.reopen(file, cap, "k");
        assertEquals(before, again.view().text());
        assertEquals(json, again.view().jsonLength());
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
