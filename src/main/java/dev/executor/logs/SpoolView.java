package dev.executor.logs;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;

/**
 * A spool as it was at one moment, rendered for sending: the whole text, or, when the entry may be cut and is
 * over the cap, its head, a marker line and its tail, all whole lines. The tail is found by reading back from
 * the end of the file (only the tail budget is read), so nothing but counters is kept in memory.
 */
public final class SpoolView implements OutText {

    private final Path file;
    private final LogCap cap;
    private final SpoolStats stats;
    private final boolean capped;
    private Tail tail;

    private record Tail(long start, long json, long lines) {
    }

    SpoolView(Path file, LogCap cap, boolean cuttable, SpoolStats stats) {
        this.file = file;
        this.cap = cap;
        this.stats = stats;
        this.capped = cuttable && stats.bytes > cap.maxBytes();
    }

    /** Whether the entry is over the cap and sent cut. */
    public boolean capped() {
        return capped;
    }

    /** Bytes written to the spool, cut or not. */
    public long spooledBytes() {
        return stats.bytes;
    }

    /** Lines written to the spool. */
    public long spooledLines() {
        return stats.lines;
    }

    @Override
    public long length() {
        if (!capped) {
            return stats.bytes;
        }
        return stats.headBytes + marker().length + (stats.bytes - tail().start);
    }

    @Override
    public long jsonLength() {
        if (!capped) {
            return stats.json;
        }
        byte[] m = marker();
        return stats.headJson + JsonEscape.length(m, 0, m.length) + tail().json;
    }

    /**
     * A cheap estimate of {@link #jsonLength()} that reads nothing: for a cut entry, the cap scaled by the entry's
     * average escaping overhead. Good enough to decide whether an update is worth preparing.
     */
    public long roughJsonLength() {
        if (!capped) {
            return stats.json;
        }
        return (long) (cap.maxBytes() * ((double) stats.json / stats.bytes));
    }

    @Override
    public InputStream openJson() throws IOException {
        return JsonEscape.escaping(openRaw());
    }

    @Override
    public String text() {
        try (InputStream in = openRaw()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading log spool " + file + ": " + e.getMessage(), e);
        }
    }

    private InputStream openRaw() throws IOException {
        if (!capped) {
            return range(0, stats.bytes);
        }
        Tail t = tail();
        List<InputStream> parts = List.of(range(0, stats.headBytes), new ByteArrayInputStream(marker()),
                range(t.start, stats.bytes));
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    private byte[] marker() {
        Tail t = tail();
        long omittedBytes = t.start - stats.headBytes;
        long omittedLines = stats.lines - stats.headLines - t.lines;
        return cap.marker(omittedBytes, omittedLines);
    }

    /** Finds where the tail starts (a line start within the tail budget) and counts it; read once per view. */
    private synchronized Tail tail() {
        if (tail != null) {
            return tail;
        }
        long from = Math.max(stats.headBytes, stats.bytes - cap.tailBudget(stats.headBytes));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long start = from;
            if (from > stats.headBytes) {
                // Not at a line start unless the byte before is a newline: skip the partial line.
                start = stats.bytes;
                long pos = from - 1;
                scan:
                while (pos < stats.bytes) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), stats.bytes - pos));
                    int n = ch.read(buf, pos);
                    if (n <= 0) {
                        break;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf.get(i) == '\n') {
                            start = pos + i + 1;
                            break scan;
                        }
                    }
                    pos += n;
                }
            }
            long json = 0;
            long lines = 0;
            long pos = start;
            while (pos < stats.bytes) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), stats.bytes - pos));
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    throw new IOException("log spool " + file + " is shorter than recorded (" + pos + " < "
                            + stats.bytes + ")");
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf.get(i);
                    json += JsonEscape.length(b);
                    if (b == '\n') {
                        lines++;
                    }
                }
                pos += n;
            }
            tail = new Tail(start, json, lines);
            return tail;
        } catch (IOException e) {
            throw new UncheckedIOException("reading log spool " + file + ": " + e.getMessage(), e);
        }
    }

    /** Bytes [from, to) of the spool file. */
    private InputStream range(long from, long to) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(from);
        return new Limited(Channels.newInputStream(ch), to - from);
    }

    /** Reads at most {@code remaining} bytes. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
