package dev.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupFailureTest {

    static final String SECRET = "sk-startup-secret-0123456789";

    @Test
    void aFailureWithoutAMessageNamesItsTypeAndEveryCause() {
        Throwable root = new ClassNotFoundException("java.beans.Introspector");
        Throwable failure = new RuntimeException(new ExceptionInInitializerError(new NoClassDefFoundError("java/beans/Introspector")));
        failure.getCause().getCause().initCause(root);

        String text = StartupFailure.describe(new IllegalStateException(null, failure), Map.of());

        assertEquals("""
                executor: failed to start: java.lang.IllegalStateException
                executor:   caused by: java.lang.RuntimeException: java.lang.ExceptionInInitializerError
                executor:   caused by: java.lang.ExceptionInInitializerError
                executor:   caused by: java.lang.NoClassDefFoundError: java/beans/Introspector
                executor:   caused by: java.lang.ClassNotFoundException: java.beans.Introspector""", text);
        assertFalse(text.contains("null"), text);
    }

    @Test
    void secretsInAnyMessageOfTheChainAreMasked() {
        Throwable failure = new IllegalStateException("login as executor:" + SECRET,
                new RuntimeException("rejected " + SECRET + " twice: " + SECRET));

        String text = StartupFailure.describe(failure, Map.of("EXECUTOR_FRONTEND_PASSWORD", SECRET));

        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("login as executor:sk****"), text);
        assertTrue(text.contains("caused by: java.lang.RuntimeException: rejected sk**** twice: sk****"), text);
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        String text = StartupFailure.describe(a, Map.of());

        assertEquals("executor: failed to start: java.lang.RuntimeException: a\n"
                + "executor:   caused by: java.lang.RuntimeException: b", text);
    }
}
