package dev.executor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class SecretLogFilterTest {

    private static final String SECRET = "registry-password-42";

    private static ExtLogRecord record(Throwable thrown) {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "pulling %s failed: %s", ExtLogRecord.FormatStyle.PRINTF,
                SecretLogFilterTest.class.getName());
        record.setParameters(new Object[] {"r.example.com/app", "bad auth " + SECRET});
        record.setThrown(thrown);
        return record;
    }

    @Test
    void registeredSecretsAreMaskedInMessagesAndExceptionChains() {
        IllegalStateException thrown = new IllegalStateException("outer", new RuntimeException("inner " + SECRET));
        ExtLogRecord record = record(thrown);
        try (LogSecrets.Registration r = LogSecrets.register(new Redactor(Map.of(SECRET, "SECRET_REMOVED")))) {
            assertTrue(new SecretLogFilter().isLoggable(record));
        }
        assertEquals("pulling r.example.com/app failed: bad auth SECRET_REMOVED", record.getFormattedMessage());
        assertEquals("java.lang.IllegalStateException: outer", record.getThrown().toString());
        assertEquals("java.lang.RuntimeException: inner SECRET_REMOVED", record.getThrown().getCause().toString());
        assertEquals(thrown.getStackTrace().length, record.getThrown().getStackTrace().length);
    }

    @Test
    void nothingChangesOnceTheSecretIsUnregistered() {
        LogSecrets.register(new Redactor(Map.of(SECRET, "SECRET_REMOVED"))).close();
        RuntimeException thrown = new RuntimeException("inner " + SECRET);
        ExtLogRecord record = record(thrown);
        new SecretLogFilter().isLoggable(record);
        assertTrue(record.getFormattedMessage().contains(SECRET));
        assertSame(thrown, record.getThrown());
    }

    @Test
    void recordsWithoutSecretsKeepTheirException() {
        RuntimeException thrown = new RuntimeException("harmless");
        ExtLogRecord record = record(thrown);
        record.setParameters(new Object[] {"a", "b"});
        try (LogSecrets.Registration r = LogSecrets.register(new Redactor(Map.of(SECRET, "X")))) {
            new SecretLogFilter().isLoggable(record);
        }
        assertSame(thrown, record.getThrown());
        assertFalse(record.getFormattedMessage().contains("X"));
    }
}
