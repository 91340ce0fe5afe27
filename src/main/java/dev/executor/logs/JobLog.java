package dev.executor.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The log entries of one job (spec §4.7). Entries are created in order; while open, each is synced at
 * most once per {@code interval} when it changed, and closing an entry sends its final state at once.
 * Failures of the create call or of a final update are remembered: the job is then reported errored,
 * because the frontend is missing part of its log.
 */
public final class JobLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobLog.class);

    private final LogEntrySink sink;
    private final Redactor redactor;
    private final List<Tracked> open = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> ticker;

    public JobLog(LogEntrySink sink, Redactor redactor, ScheduledExecutorService scheduler, long intervalMillis) {
        this.sink = sink;
        this.redactor = redactor;
        this.ticker = scheduler.scheduleWithFixedDelay(this::syncOpenEntries, intervalMillis, intervalMillis,
                TimeUnit.MILLISECONDS);
    }

    public Redactor redactor() {
        return redactor;
    }

    /** Opens an entry for a command ({@code null} for synthetic entries such as {@code setup.fs.extras}). */
    public LogEntry open(String key, List<String> command) {
        LogEntry entry = new LogEntry(key, command, redactor);
        Tracked tracked = new Tracked(entry);
        try {
            tracked.id = sink.add(entry.snapshot());
            tracked.sentVersion = entry.version();
        } catch (RuntimeException e) {
            remember("adding log entry " + key, e);
        }
        open.add(tracked);
        return entry;
    }

    /** Finishes an entry with its exit code and sends the final state. */
    public void close(LogEntry entry, int exitCode) {
        entry.finish(exitCode);
        for (Tracked tracked : open) {
            if (tracked.entry == entry) {
                open.remove(tracked);
                sync(tracked, true);
                return;
            }
        }
    }

    /** Errors that mean the frontend's copy of the log is incomplete. */
    public List<String> errors() {
        return new ArrayList<>(errors);
    }

    /** Sends the final state of every entry still open (a cancelled job may leave some). */
    @Override
    public void close() {
        ticker.cancel(false);
        for (Tracked tracked : open) {
            open.remove(tracked);
            tracked.entry.finish(tracked.entry.finished() ? 0 : -1);
            sync(tracked, true);
        }
    }

    private void syncOpenEntries() {
        for (Tracked tracked : open) {
            sync(tracked, false);
        }
    }

    private void sync(Tracked tracked, boolean fin) {
        synchronized (tracked) {
            if (tracked.id == null || tracked.done) {
                return;
            }
            long version = tracked.entry.version();
            if (version == tracked.sentVersion && !fin) {
                return;
            }
            try {
                sink.update(tracked.id, tracked.entry.snapshot());
                tracked.sentVersion = version;
                tracked.done = fin;
            } catch (RuntimeException e) {
                if (fin) {
                    remember("updating log entry " + tracked.entry.key(), e);
                    tracked.done = true;
                } else {
                    LOG.debugf("intermediate log update for %s failed: %s", tracked.entry.key(), e.getMessage());
                }
            }
        }
    }

    private void remember(String what, RuntimeException e) {
        String message = what + ": " + redactor.redact(String.valueOf(e.getMessage()));
        errors.add(message);
        LOG.warn(message);
    }

    private static final class Tracked {
        final LogEntry entry;
        Integer id;
        long sentVersion = -1;
        boolean done;

        Tracked(LogEntry entry) {
            this.entry = entry;
        }
    }
}
