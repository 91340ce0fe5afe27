package dev.executor.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a stream of byte chunks into lines. Bytes are buffered until a newline so a UTF-8 character
 * or a line split across Docker frames is decoded whole; {@code \r\n} endings lose the {@code \r}.
 */
final class LineSplitter {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Consumer<String> sink;

    LineSplitter(Consumer<String> sink) {
        this.sink = sink;
    }

    void accept(byte[] chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                pending.write(chunk, start, i - start);
                emit();
                start = i + 1;
            }
        }
        pending.write(chunk, start, chunk.length - start);
    }

    /** Emits a last line that had no newline. */
    void flush() {
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
