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

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Consumer<String> sink;

    public LineSplitter(Consumer<String> sink) {
        this.sink = sink;
    }

    public void accept(byte[] chunk) {
        accept(chunk, chunk.length);
    }

    /** Takes the first {@code length} bytes of {@code chunk}. */
    public void accept(byte[] chunk, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (chunk[i] == '\n') {
                pending.write(chunk, start, i - start);
                emit();
                start = i + 1;
            }
        }
        pending.write(chunk, start, length - start);
    }

    /** Emits a last line that had no newline. */
    public void flush() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        sink.accept(new String(bytes, 0, len, StandardCharsets.UTF_8));
    }
}
