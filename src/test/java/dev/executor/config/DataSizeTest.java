package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "0, 0",
            "7, 7",
            "100b, 100",
            "100B, 100",
            "1024k, 1048576",
            "1kb, 1024",
            "512M, 536870912",
            "512m, 536870912",
            "1g, 1073741824",
            "12G, 12884901888",
            "12g, 12884901888",
            "12GB, 12884901888",
            "12Gi, 12884901888",
            "12GiB, 12884901888",
            "12gib, 12884901888",
            "1t, 1099511627776",
            "1p, 1125899906842624",
            "1.5g, 1610612736",
            "0.5k, 512",
            "1.0001k, 1024",
    })
    void parsesDockerSizes(String text, long bytes) {
        DataSize size = DataSize.parse(text);
        assertEquals(bytes, size.bytes());
        assertEquals(text, size.text(), "keeps the operator's spelling");
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"-1", "-1g", "12X", "12 G", " 12G", "12G ", "G", "12Gx", "12i", "12ib", "1.2.3g",
            "1e3", "1,5g", ".5g", "5.g", "12 gigabytes", "9999999999p"})
    void rejectsWhatDockerRejects(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSize.parse(text));
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void emptyAndNullMeanZero() {
        assertSame(DataSize.ZERO, DataSize.parse(""));
        assertSame(DataSize.ZERO, DataSize.parse(null));
        assertTrue(DataSize.ZERO.isZero());
        assertTrue(DataSize.parse("0g").isZero());
        assertFalse(DataSize.parse("1").isZero());
    }

    @Test
    void ofBytesWritesAPlainNumberDockerUnderstands() {
        DataSize size = DataSize.ofBytes(1536);
        assertEquals("1536", size.text());
        assertEquals(size, DataSize.parse("1536"));
    }

    @Test
    void rejectsNegativeBytesAndNullText() {
        assertThrows(IllegalArgumentException.class, () -> new DataSize("x", -1));
        assertThrows(NullPointerException.class, () -> new DataSize(null, 1));
    }
}
