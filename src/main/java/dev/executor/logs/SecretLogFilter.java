package dev.executor.logs;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Masks {@link LogSecrets} in every record the console handler writes: the formatted message and the
 * messages of the attached exception chain. Enabled by {@code quarkus.log.console.filter}; a handler
 * added later must name this filter too.
 */
@LoggingFilter(name = SecretLogFilter.NAME)
public final class SecretLogFilter implements Filter {

    public static final String NAME = "executor-secrets";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!LogSecrets.any()) {
            return true;
        }
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (formatted != null) {
            String redacted = LogSecrets.redact(formatted);
            if (!redacted.equals(formatted)) {
                if (record instanceof ExtLogRecord ext) {
                    ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                } else {
                    record.setMessage(redacted);
                }
                record.setParameters(null);
            }
        }
        if (record.getThrown() != null) {
            record.setThrown(RedactedThrowable.of(record.getThrown()));
        }
        return true;
    }
}
