package dev.executor.logs;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * The output of one log entry, appended to a file in the job's state directory instead of being held in memory:
 * memory stays flat whatever a step prints. Only redacted text is ever appended. Counters (lines per stream,
 * bytes, JSON length, the head for the cap) are kept as lines arrive; {@link #view()} gives an immutable view of
 * what has been written so far, from which updates are streamed.
 *
 * <p>After a crash the file is {@linkplain #reopen reopened}: a partly written last line is cut off and the
 * counters are recounted from the file, so the per-stream line counts say exactly how many lines of each stream
 * are safely kept (which is where a reattached container's log is resumed).
 */
public final class EntrySpool implements Closeable {

    private static final byte[] STDOUT = Pipe.STDOUT.prefix().getBytes(StandardCharsets.UTF_8);
    private static final byte[] STDERR = Pipe.STDERR.prefix().getBytes(StandardCharsets.UTF_8);

    private final Path file;
    private final LogCap cap;
    private final boolean cuttable;
    private final SpoolStats stats;
    private final OutputStream out;
    private boolean closed;

    private EntrySpool(Path file, LogCap cap, boolean cuttable, SpoolStats stats) throws IOException {
        this.file = file;
        this.cap = cap;
        this.cuttable = cuttable;
        this.stats = stats;
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), 64 * 1024);
    }

    /** A new, empty spool (mode 0600: it holds job output). */
    public static EntrySpool create(Path file, LogCap cap, String key) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return new EntrySpool(file, cap, LogCap.cuttable(key), new SpoolStats(cap.headBudget()));
        } catch (IOException e) {
            throw new UncheckedIOException("creating log spool " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reopens a spool written before a restart: recounts it and cuts a partly written last line (its bytes are
     * lost with the process; a resumed step replays that line). A missing file is recreated empty.
     */
    public static EntrySpool reopen(Path file, LogCap cap, String key) {
        if (!Files.exists(file)) {
            return create(file, cap, key);
        }
        SpoolStats stats = new SpoolStats(cap.headBudget());
        try {
            long keep = recount(file, stats);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                if (ch.size() > keep) {
                    ch.truncate(keep);
                }
            }
            return new EntrySpool(file, cap, LogCap.cuttable(key), stats);
        } catch (IOException e) {
            throw new UncheckedIOException("reopening log spool " + file + ": " + e.getMessage(), e);
        }
    }

    /** Counts the whole lines of {@code file} into {@code stats}; returns the length of those lines. */
    private static long recount(Path file, SpoolStats stats) throws IOException {
        byte[] buf = new byte[64 * 1024];
        byte[] lineStart = new byte[STDOUT.length];
        int lineStartLen = 0;
        long lineBytes = 0;
        long lineJson = 0;
        long committed = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    lineBytes++;
                    lineJson += JsonEscape.length(b);
                    if (lineStartLen < lineStart.length) {
                        lineStart[lineStartLen++] = b;
                    }
                    if (b == '\n') {
                        stats.line(lineBytes, lineJson, pipeOf(lineStart, lineStartLen));
                        committed += lineBytes;
                        lineBytes = 0;
                        lineJson = 0;
                        lineStartLen = 0;
                    }
                }
            }
        }
        return committed;
    }

    private static Pipe pipeOf(byte[] start, int len) {
        if (len == STDOUT.length && Arrays.equals(start, STDOUT)) {
            return Pipe.STDOUT;
        }
        if (len == STDERR.length && Arrays.equals(start, STDERR)) {
            return Pipe.STDERR;
        }
        return null;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends {@code text} (already redacted) as one line per newline-separated part, each with the pipe's
     * prefix ({@code null}: unprefixed, for the executor's own lines).
     */
    public synchronized void append(Pipe pipe, String text) {
        if (closed) {
            throw new IllegalStateException("log spool " + file + " is closed");
        }
        int from = 0;
        while (true) {
            int nl = text.indexOf('\n', from);
            String part = nl < 0 ? text.substring(from) : text.substring(from, nl);
            writeLine(pipe, part.getBytes(StandardCharsets.UTF_8));
            if (nl < 0) {
                return;
            }
            from = nl + 1;
        }
    }

    private void writeLine(Pipe pipe, byte[] bytes) {
        byte[] prefix = pipe == null ? new byte[0] : pipe == Pipe.STDOUT ? STDOUT : STDERR;
        try {
            out.write(prefix);
            out.write(bytes);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing log spool " + file + ": " + e.getMessage(), e);
        }
        long json = JsonEscape.length(prefix, 0, prefix.length) + JsonEscape.length(bytes, 0, bytes.length) + 2;
        stats.line(prefix.length + bytes.length + 1L, json, pipe);
    }

    /** What has been appended so far, flushed to the file so it can be read back. */
    public synchronized SpoolView view() {
        flush();
        return new SpoolView(file, cap, cuttable, stats.copy());
    }

    /** Lines of {@code pipe} kept so far. */
    public synchronized long lines(Pipe pipe) {
        return pipe == Pipe.STDOUT ? stats.stdoutLines : stats.stderrLines;
    }

    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing log spool " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing log spool " + file + ": " + e.getMessage(), e);
        }
    }
}
