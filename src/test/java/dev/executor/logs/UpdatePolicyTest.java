package dev.executor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The update policy against growth patterns, simulated tick by tick (1 s, as the job log ticks): whatever the
 * pattern, all update bodies of an entry (the intermediate ones plus the final one) total at most 4× the final
 * body, and a growing entry is still updated from time to time.
 */
class UpdatePolicyTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long OVERHEAD = 400;
    private static final long CAP = 16L << 20;

    /** Sends as the job log would, for {@code seconds} ticks of a body of size(t) bytes of output at second t. */
    private record Run(long total, long finalBody, int intermediates) {
        double ratio() {
            return (double) total / finalBody;
        }
    }

    private static Run simulate(int seconds, LongUnaryOperator outAt) {
        UpdatePolicy policy = new UpdatePolicy(0);
        long last = -1;
        int sends = 0;
        for (int t = 1; t <= seconds; t++) {
            long out = outAt.applyAsLong(t);
            if (out == last) {
                continue; // unchanged: the log does not even ask
            }
            long body = OVERHEAD + out;
            if (policy.allows(t * SECOND, body)) {
                policy.sent(t * SECOND, body);
                last = out;
                sends++;
            }
        }
        long finalBody = OVERHEAD + outAt.applyAsLong(seconds);
        return new Run(policy.sentBytes() + finalBody, finalBody, sends);
    }

    private static void assertLinear(String pattern, Run run) {
        assertTrue(run.total() <= 4 * run.finalBody(), pattern + ": sent " + run.total() + " bytes for a final body of "
                + run.finalBody() + " (" + run.ratio() + "×)");
    }

    @Test
    void fastSteadyOutput() {
        Run run = simulate(100, t -> t * 10_000_000L); // 10 MB/s, 1 GB
        assertLinear("10 MB/s", run);
        assertTrue(run.intermediates() >= 5, "still updated while it grows: " + run.intermediates());
    }

    @Test
    void slowTrickleOverHalfAnHour() {
        Run run = simulate(1800, t -> t * 50); // one 50-byte line a second
        assertLinear("50 B/s", run);
        assertTrue(run.intermediates() >= 5, "still updated: " + run.intermediates());
    }

    @Test
    void oneLineAMinute() {
        assertLinear("a line a minute", simulate(1800, t -> (t / 60) * 80));
    }

    @Test
    void burstsAndPauses() {
        assertLinear("bursts", simulate(600, t -> (t / 30) * 5_000_000L + (t % 30 < 3 ? (t % 30) * 1_000_000L : 3_000_000L)));
    }

    @Test
    void acceleratingOutput() {
        assertLinear("quadratic growth", simulate(300, t -> t * t * 1000));
    }

    @Test
    void cutEntryStaysAboutTheCapWhileTheStepPrintsMore() {
        // Output over the cap is sent as head + tail of about the cap: the body stops growing.
        assertLinear("capped", simulate(600, t -> Math.min(CAP, t * 2_000_000L)));
    }

    @Test
    void tinyEntry() {
        Run run = simulate(10, t -> 12);
        assertLinear("tiny", run);
        assertEquals(1, run.intermediates());
    }

    @Test
    void waitsAnIntervalThatGrowsWithTheBody() {
        UpdatePolicy policy = new UpdatePolicy(0);
        assertTrue(!policy.allows(SECOND / 2, 1000), "not before the first second");
        assertTrue(policy.allows(SECOND, 1000));
        policy.sent(SECOND, 1000);
        assertTrue(!policy.allows(SECOND + SECOND / 2, 100_000));
        assertEquals(5 * SECOND, UpdatePolicy.interval(5L << 20));
        assertEquals(10 * SECOND, UpdatePolicy.interval(1L << 30));
        assertEquals(SECOND, UpdatePolicy.interval(10));
    }
}
