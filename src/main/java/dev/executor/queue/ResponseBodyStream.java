package dev.executor.queue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A Vert.x response body as a blocking {@link InputStream} for a worker thread, with backpressure: the response
 * stays paused and only {@link #PREFETCH} chunks are asked for ahead of the reader ({@code fetch}), so a large file
 * never piles up in memory however slowly it is written to disk. {@link #close()} from any thread (a cancelled job)
 * resets the stream and wakes a blocked reader with an error.
 */
final class ResponseBodyStream extends InputStream {

    /** Chunks requested ahead of the reader: a few network reads' worth. */
    static final int PREFETCH = 4;

    private static final Object END = new Object();
    private static final Object CLOSED = new Object();

    private final HttpClientResponse response;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private Buffer current;
    private int position;
    private boolean ended;
    private volatile boolean closed;

    ResponseBodyStream(HttpClientResponse response) {
        this.response = response;
        response.handler(chunks::add);
        response.exceptionHandler(chunks::add);
        response.endHandler(v -> chunks.add(END));
        response.fetch(PREFETCH);
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
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        current.getBytes(position, position + n, b, off);
        position += n;
        return n;
    }

    /** Makes {@link #current} hold unread bytes; false at the end of the body. */
    private boolean fill() throws IOException {
        while (current == null || position >= current.length()) {
            if (ended) {
                return false;
            }
            if (closed) {
                throw new IOException("the download was closed");
            }
            Object next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the download", e);
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next == CLOSED) {
                throw new IOException("the download was closed");
            }
            if (next instanceof Throwable t) {
                throw t instanceof IOException io ? io : new IOException(RetryPolicy.rootMessage(t), t);
            }
            current = (Buffer) next;
            position = 0;
            response.fetch(1);
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        chunks.add(CLOSED);
        if (!ended) {
            response.request().reset();
        }
    }
}
