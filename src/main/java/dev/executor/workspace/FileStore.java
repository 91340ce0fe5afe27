package dev.executor.workspace;

import java.io.IOException;
import java.io.InputStream;

/** The frontend's file store (spec §1.9), streamed so memory does not grow with file size. */
public interface FileStore {

    /** Opens {@code /.executors/files/<bucket>/<key>}; the caller closes the stream. */
    InputStream open(String bucket, String key) throws IOException;
}
