package dev.executor.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a stream of byte chunks into lines. Bytes are buffered until a newline so a UTF-8 character
 * or a line split across Docker frames or pipe reads is decoded whole; {@code \r\n} endings lose the
 * {@code \r}. Like Go's {@code bufio.ScanLines}, a lone {@code \r} (git's progress updates) does not end a line.
 */
public final class LineSplitter {

    /**
     * The longest line kept. A step that prints a longer one (a runaway {@code tr}, a binary piped to stdout) would
     * otherwise be buffered whole and could exhaust the executor's heap, and after the restart the replayed log
     * would do it again. Such a line is replaced by a note naming its length: nothing of it is kept, so no part of
     * a secret in it can escape redaction. Sourcegraph's scanner stops at 100 MiB, but a line passes through a few
     * copies on its way to the spool (about five times its size at the peak), which the default 512 MiB heap can
     * afford for 32 MiB, not for 100. Batch changes' step results, JSON lines with a diff, stay far below it.
     */
    public static final int MAX_LINE_BYTES = 32 * 1024 * 1024;

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Consumer<String> sink;
    private final int maxLineBytes;
    /** Bytes of the current line when it is over the limit (it is being dropped), else 0. */
    private long dropped;

    public LineSplitter(Consumer<String> sink) {
        this(sink, MAX_LINE_BYTES);
    }

    LineSplitter(Consumer<String> sink, int maxLineBytes) {
        this.sink = sink;
        this.maxLineBytes = maxLineBytes;
    }

    /** The line that stands for a dropped one. */
    static String droppedLine(long bytes, int limit) {
        return "[executor: a line of " + bytes + " bytes was dropped: it is longer than the " + limit
                + "-byte line limit]";
    }

    public void accept(byte[] chunk) {
        accept(chunk, chunk.length);
    }

    /** Takes the first {@code length} bytes of {@code chunk}. */
    public void accept(byte[] chunk, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (chunk[i] == '\n') {
                keep(chunk, start, i - start);
                emit();
                start = i + 1;
            }
        }
        keep(chunk, start, length - start);
    }

    /** Emits a last line that had no newline. */
    public void flush() {
        if (pending.size() > 0 || dropped > 0) {
            emit();
        }
    }

    private void keep(byte[] chunk, int offset, int length) {
        if (dropped > 0) {
            dropped += length;
        } else if ((long) pending.size() + length > maxLineBytes) {
            dropped = (long) pending.size() + length;
            pending.reset();
        } else {
            pending.write(chunk, offset, length);
        }
    }

    private void emit() {
        if (dropped > 0) {
            long bytes = dropped;
            dropped = 0;
            sink.accept(droppedLine(bytes, maxLineBytes));
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        sink.accept(new String(bytes, 0, len, StandardCharsets.UTF_8));
    }
}
