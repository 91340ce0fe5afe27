package dev.executor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamingRedactorTest {

    @Test
    void secretSplitAcrossPushesIsMaskedAndNothingIsEmittedEarly() {
        StreamingRedactor s = new Redactor(Map.of("supersecret", "[S]")).streaming();
        assertEquals("hello ", s.push("hello super"));
        assertEquals("", s.push("sec"));
        assertEquals("[S] bye", s.push("ret bye"));
        assertEquals("", s.flush());
    }

    @Test
    void textThatCannotBecomeASecretIsEmittedAtOnce() {
        StreamingRedactor s = new Redactor(Map.of("supersecret", "[S]")).streaming();
        assertEquals("nothing to hold", s.push("nothing to hold"));
        assertEquals("ab su", s.push("ab su") + s.flush());
    }

    @Test
    void aCompleteSecretIsHeldWhileALongerOneMayFollow() {
        StreamingRedactor s = new Redactor(Map.of("abc", "[3]", "abcdef", "[6]")).streaming();
        assertEquals("", s.push("abc"));
        assertEquals("[6]", s.push("def"));
        assertEquals("", s.push("abc"));
        assertEquals("[3]x", s.push("x"));
    }

    @Test
    void lineRedactorMasksASecretSpanningLinesAndReleasesOnlyFinalLines() {
        LineRedactor lines = new LineRedactor(new Redactor(Map.of("line-one\nline-two", "[ML]")));
        assertEquals(List.of("first"), lines.push("first"));
        assertEquals(List.of(), lines.push("line-one"));
        assertEquals(List.of("[ML]"), lines.push("line-two"));
        assertEquals(List.of(), lines.push("line-one"));
        assertEquals(List.of("line-one", "line-"), lines.push("line-"));
        assertEquals(List.of(), lines.push("line-one"));
        assertEquals(List.of("line-one"), lines.flush());
    }
}
