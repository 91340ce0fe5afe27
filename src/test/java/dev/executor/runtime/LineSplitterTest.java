package dev.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesSplitAcrossChunksAndCharactersCutInHalfArriveWhole() {
        LineSplitter splitter = new LineSplitter(lines::add);
        byte[] e = bytes("é");
        splitter.accept(bytes("one\ntw"));
        splitter.accept(new byte[] {'o', e[0]});
        splitter.accept(new byte[] {e[1], '\r', '\n', 't'});
        splitter.accept(bytes("hree\rstill three"));
        splitter.flush();
        assertEquals(List.of("one", "twoé", "three\rstill three"), lines);
    }

    @Test
    void aLineOverTheLimitIsReplacedByANoteAndTheNextLinesAreKept() {
        LineSplitter splitter = new LineSplitter(lines::add, 10);
        splitter.accept(bytes("short\n0123456789"));      // exactly at the limit: kept
        splitter.accept(bytes("\nabcdefgh"));
        splitter.accept(bytes("ijklmnop secret-token-xyz")); // over the limit while it arrives
        splitter.accept(bytes("more\nafter\n"));
        splitter.flush();
        assertEquals(List.of("short", "0123456789", LineSplitter.droppedLine(37, 10), "after"), lines);
        assertEquals("[executor: a line of 37 bytes was dropped: it is longer than the 10-byte line limit]", lines.get(2));
    }

    @Test
    void anOverlongLastLineWithoutNewlineIsNotedAtFlush() {
        LineSplitter splitter = new LineSplitter(lines::add, 8);
        byte[] big = new byte[100];
        Arrays.fill(big, (byte) 'a');
        splitter.accept(big);
        splitter.accept(big, 50);
        splitter.flush();
        assertEquals(List.of(LineSplitter.droppedLine(150, 8)), lines);
    }

    @Test
    void theDefaultLimitIsThirtyTwoMebibytes() {
        assertEquals(32 * 1024 * 1024, LineSplitter.MAX_LINE_BYTES);
    }
}
