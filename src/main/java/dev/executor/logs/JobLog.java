package dev.executor.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The log entries of one job (spec §4.7), spooled to disk and sent from there. Entries are created on the
 * frontend strictly in the order they were opened (a failed create is retried at the next tick and later entries
 * wait for it, so ids match the order); running entries are updated as {@link UpdatePolicy} allows; a finished
 * entry's final state is sent at once and retried with backoff; {@link #close()} is the last word: every entry
 * still unsent is created and finalised with retries until the job's finalize deadline. Nothing here blocks the
 * job on the frontend except that last word.
 *
 * <p>Failures that leave the frontend's copy incomplete are remembered ({@link #errors()}); the job is then
 * reported errored. Every change of an entry's id or state is passed to the listener (the job's journal).
 */
public final class JobLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobLog.class);
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final LogEntrySink sink;
    private final Redactor redactor;
    private final LogSettings settings;
    private final Consumer<List<EntryRecord>> listener;
    private final ScheduledExecutorService scheduler;
    private final List<Tracked> tracked = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Object syncLock = new Object();
    private final Object listenerLock = new Object();
    private final ScheduledFuture<?> ticker;
    private volatile boolean closed;

    public JobLog(LogEntrySink sink, Redactor redactor, ScheduledExecutorService scheduler, LogSettings settings,
            Consumer<List<EntryRecord>> listener) {
        this.sink = sink;
        this.redactor = redactor;
        this.settings = settings;
        this.listener = listener;
        this.scheduler = scheduler;
        try {
            Files.createDirectories(settings.spoolDir());
        } catch (IOException e) {
            throw new UncheckedIOException("creating log spool directory " + settings.spoolDir() + ": " + e, e);
        }
        this.ticker = scheduler.scheduleWithFixedDelay(this::tick, settings.tickMillis(), settings.tickMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The log of a job journaled before a restart: its entries come back with their ids and reopened spools. */
    public static JobLog restore(LogEntrySink sink, Redactor redactor, ScheduledExecutorService scheduler,
            LogSettings settings, Consumer<List<EntryRecord>> listener, List<EntryRecord> records) {
        JobLog log = new JobLog(sink, redactor, scheduler, settings, listener);
        for (EntryRecord r : records) {
            EntrySpool spool = EntrySpool.reopen(settings.spoolDir().resolve(r.spool()), settings.cap(), r.key());
            Tracked t = new Tracked(new LogEntry(r, redactor, spool), System.nanoTime());
            t.id = r.entryId();
            log.tracked.add(t);
        }
        return log;
    }

    public Redactor redactor() {
        return redactor;
    }

    /** Opens an entry for a command ({@code null} for synthetic entries such as {@code setup.fs.extras}). */
    public LogEntry open(String key, List<String> command) {
        int seq = tracked.size();
        Path file = settings.spoolDir().resolve(seq + ".log");
        LogEntry entry = new LogEntry(seq, key, command, redactor, EntrySpool.create(file, settings.cap(), key));
        tracked.add(new Tracked(entry, System.nanoTime()));
        journal();
        syncSoon();
        return entry;
    }

    /** Finishes an entry with its exit code; its final state is sent at once (and retried) in the background. */
    public void close(LogEntry entry, int exitCode) {
        entry.finish(exitCode);
        journal();
        syncSoon();
    }

    /** The entry with this key that is still running (after a restart: the step being resumed), or null. */
    public LogEntry running(String key) {
        for (int i = tracked.size() - 1; i >= 0; i--) {
            LogEntry e = tracked.get(i).entry;
            if (e.key().equals(key) && !e.finished()) {
                return e;
            }
        }
        return null;
    }

    /** Whether an entry with this key was opened (finished or not). */
    public boolean has(String key) {
        return tracked.stream().anyMatch(t -> t.entry.key().equals(key));
    }

    /** Errors that mean the frontend's copy of the log is incomplete. */
    public List<String> errors() {
        return new ArrayList<>(errors);
    }

    /** What the journal keeps of every entry. */
    public List<EntryRecord> records() {
        List<EntryRecord> out = new ArrayList<>();
        for (Tracked t : tracked) {
            out.add(t.entry.record(t.id));
        }
        return out;
    }

    /**
     * The last word: finishes entries still open (a cancelled job may leave some, with exit code -1), then creates
     * and finalises every entry the frontend does not have in its final state yet, retrying until the finalize
     * deadline.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.cancel(false);
        for (Tracked t : tracked) {
            t.entry.finish(-1);
        }
        sync(true);
        tracked.forEach(t -> t.entry.closeSpool());
        journal();
    }

    private void tick() {
        try {
            sync(false);
        } catch (RuntimeException e) {
            LOG.warnf("log sync failed: %s", redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    private void syncSoon() {
        if (!closed) {
            try {
                scheduler.execute(this::tick);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down: the final sync in close() covers it
            }
        }
    }

    private void sync(boolean last) {
        synchronized (syncLock) {
            if (closed && !last) {
                return;
            }
            boolean idsChanged = false;
            for (Tracked t : tracked) {
                if (t.done) {
                    continue;
                }
                if (t.id == null) {
                    Added added = add(t, last);
                    if (added == Added.WAIT) {
                        break; // keep the frontend's order: later entries wait for this one
                    }
                    if (added == Added.GAVE_UP) {
                        continue;
                    }
                    idsChanged = true;
                }
                if (t.entry.finished()) {
                    sendFinal(t, last);
                } else {
                    sendIntermediate(t);
                }
            }
            if (idsChanged) {
                journal();
            }
        }
    }

    private enum Added { ADDED, WAIT, GAVE_UP }

    private Added add(Tracked t, boolean last) {
        try {
            t.id = sink.add(t.entry.snapshot(), last ? LogEntrySink.Attempt.UNTIL_DEADLINE : LogEntrySink.Attempt.ONCE);
            return Added.ADDED;
        } catch (LogSinkException e) {
            if (e.permanent() || last) {
                remember("adding log entry " + t.entry.key(), e);
                t.done = true;
                return Added.GAVE_UP;
            }
            LOG.debugf("creating log entry %s failed (retrying): %s", t.entry.key(), e.getMessage());
            return Added.WAIT;
        }
    }

    private void sendFinal(Tracked t, boolean last) {
        long now = System.nanoTime();
        if (!last && now - t.nextAttemptNanos < 0) {
            return;
        }
        try {
            sink.update(t.id, t.entry.snapshot(), last ? LogEntrySink.Attempt.UNTIL_DEADLINE : LogEntrySink.Attempt.ONCE);
            t.done = true;
        } catch (LogSinkException e) {
            if (e.permanent() || last) {
                remember("updating log entry " + t.entry.key(), e);
                t.done = true;
            } else {
                t.failures++;
                t.nextAttemptNanos = now + Math.min(30, 1L << Math.min(t.failures, 5)) * SECOND_NANOS;
                LOG.debugf("final log update for %s failed (retrying): %s", t.entry.key(), e.getMessage());
            }
        }
    }

    private void sendIntermediate(Tracked t) {
        long version = t.entry.version();
        if (version == t.sentVersion) {
            return;
        }
        long now = System.nanoTime();
        EntrySnapshot snapshot = t.entry.snapshot();
        long overhead = sink.overheadBytes(snapshot);
        SpoolView out = (SpoolView) snapshot.out();
        // A cheap estimate first, so a cut entry's tail is only read back when an update may actually go out.
        if (!t.policy.allows(now, out.roughJsonLength() + overhead)) {
            return;
        }
        long body = out.jsonLength() + overhead;
        if (!t.policy.allows(now, body)) {
            return;
        }
        t.policy.sent(now, body);
        t.sentVersion = version;
        try {
            sink.update(t.id, snapshot, LogEntrySink.Attempt.ONCE);
        } catch (LogSinkException e) {
            LOG.debugf("intermediate log update for %s failed: %s", t.entry.key(), e.getMessage());
        }
    }

    private void journal() {
        synchronized (listenerLock) {
            try {
                listener.accept(records());
            } catch (RuntimeException e) {
                LOG.errorf("recording the log entries in the journal failed: %s", e.getMessage());
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
        final UpdatePolicy policy;
        volatile Integer id;
        long sentVersion = -1;
        boolean done;
        int failures;
        long nextAttemptNanos;

        Tracked(LogEntry entry, long openedNanos) {
            this.entry = entry;
            this.policy = new UpdatePolicy(openedNanos);
            this.nextAttemptNanos = openedNanos;
        }
    }
}
