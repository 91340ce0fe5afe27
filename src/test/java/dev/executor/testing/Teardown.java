package dev.executor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.executor.testing.frontend.FakeFrontend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The end of an integration test class: the executor drains and exits 0, the frontend saw no protocol violation. */
public final class Teardown {

    private Teardown() {
    }

    /** Either argument may be null (its start failed). */
    public static void stop(ExecutorProcess executor, FakeFrontend frontend) {
        stop(executor, frontend, List.of());
    }

    /** As {@link #stop(ExecutorProcess, FakeFrontend)}, for a class whose tests provoke these violations on purpose. */
    public static void stop(ExecutorProcess executor, FakeFrontend frontend, Collection<String> expectedViolations) {
        if (executor != null) {
            executor.sigterm();
            assertEquals(0, executor.waitFor(Duration.ofSeconds(30)), executor.output());
        }
        if (frontend != null) {
            List<String> unexpected = new ArrayList<>(frontend.violations());
            unexpected.removeAll(expectedViolations);
            assertEquals(List.of(), unexpected);
            frontend.close();
        }
    }
}
