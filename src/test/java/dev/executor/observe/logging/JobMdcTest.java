package dev.executor.observe.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class JobMdcTest {

    @Test
    void scopeSetsAndRestores() {
        try (JobMdc.Scope outer = JobMdc.enter(1, "batches")) {
            try (JobMdc.Scope inner = JobMdc.enter(2, "codeintel")) {
                assertEquals("2", MDC.get(JobMdc.JOB_ID));
                assertEquals("codeintel", MDC.get(JobMdc.QUEUE));
            }
            assertEquals("1", MDC.get(JobMdc.JOB_ID));
            assertEquals("batches", MDC.get(JobMdc.QUEUE));
        }
        assertNull(MDC.get(JobMdc.JOB_ID));
        assertNull(MDC.get(JobMdc.QUEUE));
    }

    @Test
    void propagatesToAnotherThreadAndClearsThere() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        AtomicReference<Object> after = new AtomicReference<>("unset");
        Runnable task;
        try (JobMdc.Scope ignored = JobMdc.enter(7, "batches")) {
            task = JobMdc.propagate(() -> seen.set(MDC.get(JobMdc.JOB_ID) + "/" + MDC.get(JobMdc.QUEUE)));
        }
        Thread t = new Thread(() -> {
            task.run();
            after.set(MDC.get(JobMdc.JOB_ID));
        });
        t.start();
        t.join();
        assertEquals("7/batches", seen.get());
        assertNull(after.get());
    }
}
