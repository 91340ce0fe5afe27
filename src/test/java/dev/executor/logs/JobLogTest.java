package dev.executor.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job log against a sink that behaves like the frontend (ids in order of creation, whole-entry updates). */
class JobLogTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Keeps what a frontend would: entries by id, created in order; can be told to fail. */
    static final class FrontendSink implements LogEntrySink {
        final List<String> keysInIdOrder = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, EntrySnapshot> entries = new ConcurrentHashMap<>();
        final Map<Integer, String> outs = new ConcurrentHashMap<>();
        final List<Attempt> finalAttempts = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failAdds = new AtomicInteger();
        volatile boolean gone;

        @Override
        public synchronized int add(EntrySnapshot entry, Attempt attempt) {
            if (gone) {
                throw new LogSinkException("500 unknown job", true, null);
            }
            if (failAdds.getAndDecrement() > 0 && attempt == Attempt.ONCE) {
                throw new LogSinkException("503", false, null); // a final attempt retries past a short outage
            }
            keysInIdOrder.add(entry.key());
            int id = keysInIdOrder.size();
            entries.put(id, entry);
            return id;
        }

        @Override
        public synchronized void update(int entryId, EntrySnapshot entry, Attempt attempt) {
            if (gone) {
                throw new LogSinkException("500 unknown job", true, null);
            }
            entries.put(entryId, entry);
            outs.put(entryId, entry.out().text());
            if (entry.exitCode() != null) {
                finalAttempts.add(attempt);
            }
        }
    }

    private JobLog newLog(FrontendSink sink, AtomicReference<List<EntryRecord>> journal) {
        return new JobLog(sink, Redactor.forJob("exec-secret", Map.of("hunter2", "REDACTED")), scheduler,
                new LogSettings(dir.resolve("entries"), new LogCap(1 << 20, "1M"), 50), journal::set);
    }

    @Test
    void entriesAreCreatedInOrderEvenWhenTheFirstCreateFails() throws Exception {
        FrontendSink sink = new FrontendSink();
        sink.failAdds.set(3);
        AtomicReference<List<EntryRecord>> journal = new AtomicReference<>();
        JobLog log = newLog(sink, journal);
        LogEntry a = log.open("setup.fs.extras", null);
        LogEntry b = log.open("step.docker.build", List.of("docker", "run", "hunter2"));
        b.appendLine(Pipe.STDOUT, "building with hunter2 and exec-secret");
        // The ticks retry the failed creates; the second entry must wait for the first.
        long end = System.nanoTime() + 10_000_000_000L;
        while (sink.keysInIdOrder.size() < 2 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        log.close(a, 0);
        log.close(b, 0);
        log.close();
        assertEquals(List.of("setup.fs.extras", "step.docker.build"), sink.keysInIdOrder);
        assertEquals("stdout: building with REDACTED and SECRET_REMOVED\n", sink.outs.get(2));
        assertEquals(List.of("docker", "run", "REDACTED"), sink.entries.get(2).command());
        assertEquals(0, sink.entries.get(2).exitCode());
        assertEquals(List.of(), log.errors());
        List<EntryRecord> records = journal.get();
        assertEquals(1, records.get(0).entryId());
        assertEquals(2, records.get(1).entryId());
        assertEquals(0, records.get(1).exitCode());
    }

    @Test
    void closeFinishesOpenEntriesAndSendsTheLastWordWithRetries() {
        FrontendSink sink = new FrontendSink();
        JobLog log = newLog(sink, new AtomicReference<>());
        LogEntry running = log.open("step.docker.long", List.of("sleep"));
        running.appendLine(Pipe.STDERR, "partial");
        log.close();
        assertEquals(-1, sink.entries.get(1).exitCode());
        assertEquals("stderr: partial\n", sink.outs.get(1));
        assertTrue(sink.finalAttempts.contains(LogEntrySink.Attempt.UNTIL_DEADLINE), sink.finalAttempts.toString());
    }

    @Test
    void aJobTheFrontendForgotLeavesErrorsNamingTheEntries() {
        FrontendSink sink = new FrontendSink();
        JobLog log = newLog(sink, new AtomicReference<>());
        sink.gone = true;
        LogEntry e = log.open("step.docker.x", null);
        log.close(e, 0);
        log.close();
        assertEquals(1, log.errors().size());
        assertTrue(log.errors().get(0).startsWith("adding log entry step.docker.x: "), log.errors().toString());
    }

    @Test
    void restoredLogContinuesTheSameEntriesWithoutCreatingThemAgain() {
        FrontendSink sink = new FrontendSink();
        AtomicReference<List<EntryRecord>> journal = new AtomicReference<>();
        ScheduledExecutorService dying = Executors.newScheduledThreadPool(1);
        JobLog first = new JobLog(sink, Redactor.none(), dying,
                new LogSettings(dir.resolve("entries"), new LogCap(1 << 20, "1M"), 50), journal::set);
        LogEntry done = first.open("setup.fs.extras", null);
        done.appendRaw("Wrote a in 1ms");
        first.close(done, 0);
        LogEntry step = first.open("step.docker.run", List.of("docker"));
        step.appendLine(Pipe.STDOUT, "before the crash");
        awaitIds(journal, 2);
        step.output(); // what the dead process had flushed to the spool
        dying.shutdownNow(); // the process dies here: no close(). A new one restores from the journal.
        JobLog second = JobLog.restore(sink, Redactor.none(), scheduler,
                new LogSettings(dir.resolve("entries"), new LogCap(1 << 20, "1M"), 50), journal::set, journal.get());
        LogEntry resumed = second.running("step.docker.run");
        assertEquals(1, resumed.lines(Pipe.STDOUT));
        resumed.appendLine(Pipe.STDOUT, "after the restart");
        second.close(resumed, 0);
        second.close();
        assertEquals(List.of("setup.fs.extras", "step.docker.run"), sink.keysInIdOrder);
        assertEquals("stdout: before the crash\nstdout: after the restart\n", sink.outs.get(2));
        assertEquals("Wrote a in 1ms\n", sink.outs.get(1));
        assertNull(second.running("step.docker.run"));
    }

    private static void awaitIds(AtomicReference<List<EntryRecord>> journal, int n) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            List<EntryRecord> r = journal.get();
            if (r != null && r.size() >= n && r.stream().allMatch(e -> e.entryId() != null)) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("entries never got their ids: " + journal.get());
    }
}
