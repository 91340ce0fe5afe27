package dev.executor.logs;

import java.io.IOException;
import java.io.InputStream;

/**
 * The {@code out} of a log entry as it is to be sent, without being held in memory: its exact JSON-escaped length
 * (known before reading) and a stream of the escaped bytes. The text is redacted already.
 */
public interface OutText {

    /** Length of the text in UTF-8 bytes; 0 means empty ({@code out} is then omitted on the wire). */
    long length();

    /** Length of {@link #openJson()}'s content. */
    long jsonLength();

    /** The text JSON-escaped, without quotes. */
    InputStream openJson() throws IOException;

    /** The text itself, for tests and small entries only: it is read into memory. */
    String text();

    /** The empty text. */
    OutText EMPTY = new OutText() {
        @Override
        public long length() {
            return 0;
        }

        @Override
        public long jsonLength() {
            return 0;
        }

        @Override
        public InputStream openJson() {
            return InputStream.nullInputStream();
        }

        @Override
        public String text() {
            return "";
        }
    };
}
