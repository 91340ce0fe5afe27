package dev.executor.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Final calls retry through outages, stop on a permanent answer, and respect the finalize deadline. */
class FinalCallTest {

    @Test
    void retriesThroughAnOutageUntilItPasses() {
        AtomicInteger calls = new AtomicInteger();
        String result = FinalCall.untilDeadline("test", Instant.now().plusSeconds(30), Uni.createFrom().item(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new FrontendException("markComplete", 503, "down", null);
            }
            return "ok";
        })).await().indefinitely();
        assertEquals("ok", result);
        assertEquals(3, calls.get());
    }

    @Test
    void stopsAtOnceOnAPermanentAnswer() {
        AtomicInteger calls = new AtomicInteger();
        FrontendException e = assertThrows(FrontendException.class, () -> FinalCall.untilDeadline("test",
                Instant.now().plusSeconds(30), Uni.createFrom().item(() -> {
                    calls.incrementAndGet();
                    throw new FrontendException("updateExecutionLogEntry", 500, "{\"error\":\"unknown job\"}", null);
                })).await().indefinitely());
        assertEquals(1, calls.get());
        assertEquals(500, e.status());
    }

    @Test
    void givesUpWhenTheNextTryWouldBeAfterTheDeadline() {
        AtomicInteger calls = new AtomicInteger();
        Instant start = Instant.now();
        assertThrows(FrontendException.class, () -> FinalCall.untilDeadline("test", start.plusSeconds(2),
                Uni.createFrom().item(() -> {
                    calls.incrementAndGet();
                    throw new FrontendException("markErrored", 0, "connection refused", null);
                })).await().indefinitely());
        assertTrue(calls.get() >= 2, "retried: " + calls.get());
        assertTrue(Duration.between(start, Instant.now()).toMillis() < 2500);
    }

    @Test
    void whatCountsAsPermanent() {
        assertTrue(new FrontendException("x", 404, "", null).permanent());
        assertTrue(new FrontendException("x", 401, "invalid token", null).permanent());
        assertTrue(new FrontendException("x", 413, "", null).permanent());
        assertTrue(new FrontendException("x", 500, "{\"error\":\"unknown job\"}", null).permanent());
        assertFalse(new FrontendException("x", 500, "{\"error\":\"db down\"}", null).permanent());
        assertFalse(new FrontendException("x", 503, "", null).permanent());
        assertFalse(new FrontendException("x", 429, "", null).permanent());
        assertFalse(new FrontendException("x", 408, "", null).permanent());
        assertFalse(new FrontendException("x", 0, "reset", null).permanent());
    }
}
