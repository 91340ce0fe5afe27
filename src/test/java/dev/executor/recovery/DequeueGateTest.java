package dev.executor.recovery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.observe.metrics.ExecutorMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate against the real free space of a temporary directory. */
class DequeueGateTest {

    /** A janitor that has not run: it holds nothing back, and is never asked to touch Docker or journals. */
    static Janitor idleJanitor() {
        return new Janitor(null, null, null, "gate-test", Set::of, Duration.ZERO, ExecutorMetrics.discarding());
    }

    @Test
    void aShortDiskPausesWithAReasonThatNamesTheVariable(@TempDir Path dir) {
        DequeueGate gate = new DequeueGate(idleJanitor(), List.of(dir), Long.MAX_VALUE);
        assertFalse(gate.getAsBoolean());
        String reason = gate.pauseReason();
        assertTrue(reason.matches("only \\S+ free under " + Pattern.quote(dir.toString())
                + ", below EXECUTOR_MIN_FREE_DISK=8388608\\.0T"), reason);
    }

    @Test
    void enoughSpaceOrNoMinimumTakesJobs(@TempDir Path dir) {
        assertTrue(new DequeueGate(idleJanitor(), List.of(dir), 1).getAsBoolean());
        assertNull(new DequeueGate(idleJanitor(), List.of(dir), 0).pauseReason(), "0 disables the check");
    }
}
