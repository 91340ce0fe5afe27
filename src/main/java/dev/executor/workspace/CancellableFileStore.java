package dev.executor.workspace;

import dev.executor.runtime.Cancellation;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file store whose downloads end when the job is cancelled (or times out): the body stream is closed from the
 * cancelling thread, so a transfer the frontend stopped feeding mid-body cannot hold the job forever.
 */
public final class CancellableFileStore implements FileStore {

    private final FileStore store;
    private final Cancellation cancel;

    public CancellableFileStore(FileStore store, Cancellation cancel) {
        this.store = store;
        this.cancel = cancel;
    }

    @Override
    public InputStream open(String bucket, String key) throws IOException {
        failIfCancelled(bucket, key);
        InputStream body = store.open(bucket, key);
        AutoCloseable registration = cancel.onCancel(() -> closeQuietly(body));
        return new FilterInputStream(body) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n;
                try {
                    n = super.read(b, off, len);
                } catch (IOException e) {
                    failIfCancelled(bucket, key); // "closed" says less than why it was closed
                    throw e;
                }
                failIfCancelled(bucket, key);
                return n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public void close() throws IOException {
                try {
                    registration.close();
                } catch (Exception ignored) {
                    // unregistering cannot fail
                }
                super.close();
            }
        };
    }

    /**
     * Fails once the job is cancelled: before a download starts, and while it reads, where a body closed under it
     * may read as a clean end of file that must never pass as a complete download.
     */
    private void failIfCancelled(String bucket, String key) throws IOException {
        if (cancel.isCancelled()) {
            throw new IOException("fetching file " + bucket + "/" + key + ": the job was cancelled (" + cancel.reasonText() + ")");
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the download is being abandoned
        }
    }
}
