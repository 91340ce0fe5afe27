package dev.executor.logs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * JSON string escaping over UTF-8 bytes, so the {@code out} field can be streamed from a spool file into a request
 * body without ever being held as a Java string, and its exact escaped length known in advance. Bytes from 0x80 up
 * pass through (valid UTF-8 is valid JSON text); {@code "} and {@code \} are backslash-escaped; {@code \n},
 * {@code \r}, {@code \t} get their short forms and other control characters {@code \}{@code u00XX}.
 */
public final class JsonEscape {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonEscape() {
    }

    /** Length of byte {@code b} once escaped. */
    static int length(byte b) {
        int c = b & 0xff;
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
            return 2;
        }
        return c < 0x20 ? 6 : 1;
    }

    static long length(byte[] bytes, int off, int len) {
        long n = 0;
        for (int i = off; i < off + len; i++) {
            n += length(bytes[i]);
        }
        return n;
    }

    /** Writes the escaped form of {@code b} into {@code dst} at {@code pos}; returns the new position. */
    static int escape(byte b, byte[] dst, int pos) {
        int c = b & 0xff;
        switch (c) {
            case '"', '\\' -> {
                dst[pos++] = '\\';
                dst[pos++] = (byte) c;
            }
            case '\n' -> {
                dst[pos++] = '\\';
                dst[pos++] = 'n';
            }
            case '\r' -> {
                dst[pos++] = '\\';
                dst[pos++] = 'r';
            }
            case '\t' -> {
                dst[pos++] = '\\';
                dst[pos++] = 't';
            }
            default -> {
                if (c < 0x20) {
                    dst[pos++] = '\\';
                    dst[pos++] = 'u';
                    dst[pos++] = '0';
                    dst[pos++] = '0';
                    dst[pos++] = HEX[c >> 4];
                    dst[pos++] = HEX[c & 0xf];
                } else {
                    dst[pos++] = b;
                }
            }
        }
        return pos;
    }

    /** A stream of the escaped form of {@code raw} (no surrounding quotes). */
    public static InputStream escaping(InputStream raw) {
        return new EscapingStream(raw);
    }

    private static final class EscapingStream extends FilterInputStream {
        private final byte[] in = new byte[8192];
        private final byte[] pending = new byte[6 * 8192];
        private int pendingPos;
        private int pendingLen;

        EscapingStream(InputStream raw) {
            super(raw);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pendingPos == pendingLen && !fill()) {
                return -1;
            }
            int n = Math.min(len, pendingLen - pendingPos);
            System.arraycopy(pending, pendingPos, b, off, n);
            pendingPos += n;
            return n;
        }

        private boolean fill() throws IOException {
            int n;
            do {
                n = super.in.read(in, 0, in.length);
            } while (n == 0);
            if (n < 0) {
                return false;
            }
            int pos = 0;
            for (int i = 0; i < n; i++) {
                pos = escape(in[i], pending, pos);
            }
            pendingPos = 0;
            pendingLen = pos;
            return true;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("escaped streams are read in full");
        }

        @Override
        public int available() {
            return pendingLen - pendingPos;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
