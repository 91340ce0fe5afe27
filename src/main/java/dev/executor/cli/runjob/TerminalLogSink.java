package dev.executor.cli.runjob;

import dev.executor.logs.EntrySnapshot;
import dev.executor.logs.LogEntrySink;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shows a job's log entries on a terminal as they grow: a header with the entry's key and command, the
 * output lines exactly as the frontend would store them ({@code stdout: }/{@code stderr: } prefixes),
 * and a footer with the exit code and duration. The pipeline sends whole entries; only the new tail of
 * each is printed. Entries run one after another, so their output never interleaves.
 */
public final class TerminalLogSink implements LogEntrySink {

    /** Marks an entry whose footer was printed; later updates of it are ignored. */
    private static final int FINISHED = -1;

    private final PrintStream out;
    /** Characters of each open entry's output already printed. */
    private final Map<Integer, Integer> printed = new HashMap<>();
    private int nextId = 1;

    public TerminalLogSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized int add(EntrySnapshot entry, Attempt attempt) {
        int id = nextId++;
        out.println();
        out.println("==> " + entry.key() + (entry.command() == null ? "" : ": " + shellWords(entry.command())));
        printed.put(id, 0);
        show(id, entry);
        return id;
    }

    @Override
    public synchronized void update(int entryId, EntrySnapshot entry, Attempt attempt) {
        show(entryId, entry);
    }

    private void show(int id, EntrySnapshot entry) {
        Integer done = printed.get(id);
        if (done == null || done == FINISHED) {
            return;
        }
        // The spooled text is read whole: run-job is for trying a job out, not for gigabytes of output.
        String text = entry.out() == null ? "" : entry.out().text();
        if (text.length() > done) {
            out.print(text.substring(done));
            printed.put(id, text.length());
        }
        if (entry.exitCode() != null) {
            out.println("<== " + entry.key() + ": exit code " + entry.exitCode()
                    + (entry.durationMs() == null ? "" : " after " + seconds(entry.durationMs())));
            printed.put(id, FINISHED);
        }
        out.flush();
    }

    /** The argv as one line a reader could paste into a shell (arguments with blanks are quoted). */
    static String shellWords(List<String> argv) {
        return argv.stream().map(a -> a.isEmpty() || a.matches(".*[\\s'\"$`\\\\|&;<>()*?!#~].*")
                ? "'" + a.replace("'", "'\\''") + "'" : a).collect(Collectors.joining(" "));
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
