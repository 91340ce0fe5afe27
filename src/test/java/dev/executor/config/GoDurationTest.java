package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
            "0, 0",
            "+0, 0",
            "-0, 0",
            "0s, 0",
            "1ns, 1",
            "1us, 1000",
            "1\u00b5s, 1000",
            "1\u03bcs, 1000",
            "500ms, 500000000",
            "1s, 1000000000",
            "30m, 1800000000000",
            "1h30m, 5400000000000",
            "1.5h, 5400000000000",
            "2h45m30.5s, 9930500000000",
            ".5s, 500000000",
            "5.s, 5000000000",
            "1.5ms, 1500000",
            "1.0000000009s, 1000000000",
            "-2s, -2000000000",
            "+3m, 180000000000",
            "1h1m1s1ms1us1ns, 3661001001001",
            "100h, 360000000000000",
            "2562047h47m16.854775807s, 9223372036854775807",
            "-2562047h47m16.854775808s, -9223372036854775808",
    })
    void parsesGoSyntax(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"", "5", "5 minutes", "1x", "s", ".s", "1h 30m", " 1s", "1s ", "-", "+", "1.5.5s",
            "1e3s", "1S", "1H", "1sm", "PT30M", "--1s", "1,5s", "2562047h47m16.854775808s", "1000000000000h"})
    void rejectsWhatGoRejects(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(null));
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertTrue(message("5").contains("missing unit"), message("5"));
        assertTrue(message("1x").contains("unknown unit \"x\""), message("1x"));
        assertTrue(message("").contains("empty"), message(""));
        assertTrue(message("5 minutes").contains("30m"), "points at valid examples: " + message("5 minutes"));
    }

    @ParameterizedTest(name = "{0} ns formats as {1}")
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "999, 999ns",
            "1000, 1\u00b5s",
            "1500, 1.5\u00b5s",
            "1000001, 1.000001ms",
            "500000000, 500ms",
            "1000000000, 1s",
            "1500000000, 1.5s",
            "59999000000, 59.999s",
            "60000000000, 1m0s",
            "1800000000000, 30m0s",
            "3600000000000, 1h0m0s",
            "5400000000000, 1h30m0s",
            "9930500000000, 2h45m30.5s",
            "-2000000000, -2s",
            "-1500, -1.5\u00b5s",
            "9223372036854775807, 2562047h47m16.854775807s",
            "-9223372036854775808, -2562047h47m16.854775808s",
    })
    void formatsLikeGo(long nanos, String text) {
        assertEquals(text, GoDuration.format(Duration.ofNanos(nanos)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "1ns", "1.5\u00b5s", "500ms", "1.5s", "30m0s", "1h30m0s", "2h45m30.5s", "-2s"})
    void formatAndParseRoundTrip(String text) {
        assertEquals(text, GoDuration.format(GoDuration.parse(text)));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text)).getMessage();
    }
}
