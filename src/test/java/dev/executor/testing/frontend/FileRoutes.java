package dev.executor.testing.frontend;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET|HEAD /.executors/files/batch-changes/{spec}/{file}} (spec §1.9), job-token authenticated for queue
 * {@code batches}. Only that route shape exists on the real server, so other buckets or key depths are 404 and
 * {@link #put} refuses to register files the product could never fetch. A HEAD 404 is the product's normal
 * "exists?" probe and therefore not a violation; a GET 404 is.
 */
final class FileRoutes implements RouteHandler {
    static final String PREFIX = "/.executors/files/";
    static final String BUCKET = "batch-changes";

    /** Either literal bytes or a generated body of a given size (see {@link GeneratedContent}). */
    private record Stored(byte[] bytes, long generatedSize) {
        long size() {
            return bytes != null ? bytes.length : generatedSize;
        }
    }

    private final AuthChecker auth;
    private final Map<String, Stored> files = new ConcurrentHashMap<>();

    FileRoutes(AuthChecker auth) {
        this.auth = auth;
    }

    void put(String bucket, String key, byte[] bytes) {
        files.put(validate(bucket, key), new Stored(bytes.clone(), -1));
    }

    void putGenerated(String bucket, String key, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
        files.put(validate(bucket, key), new Stored(null, size));
    }

    @Override
    public void handle(FrontendExchange ex) throws IOException {
        String[] seg = ex.path().substring(PREFIX.length()).split("/", -1);
        if (seg.length != 3 || !seg[0].equals(BUCKET) || seg[1].isEmpty() || seg[2].isEmpty()) {
            ex.reject(404, "404 page not found", "the only file route is " + PREFIX + BUCKET + "/{spec}/{file}");
            return;
        }
        boolean head = ex.method().equals("HEAD");
        if (!head && !ex.method().equals("GET")) {
            ex.rejectEmpty(405, "file routes accept GET and HEAD only");
            return;
        }
        if (auth.checkJob(ex, AuthChecker.Scope.queue("batches")) == null) {
            return;
        }
        Stored f = files.get(seg[1] + "/" + seg[2]);
        if (f == null) {
            if (head) {
                ex.respondEmpty(404);
            } else {
                ex.reject(404, "file does not exist", "GET of unregistered file " + seg[1] + "/" + seg[2]);
            }
            return;
        }
        ex.responseHeaders().set("Content-Type", "application/octet-stream");
        try (OutputStream out = ex.respondStreaming(200, f.size())) {
            if (head) {
                return;
            }
            if (f.bytes() != null) {
                out.write(f.bytes());
            } else {
                GeneratedContent.writeTo(out, f.generatedSize());
            }
        }
    }

    private static String validate(String bucket, String key) {
        if (!BUCKET.equals(bucket)) {
            throw new IllegalArgumentException("the real frontend only serves bucket '" + BUCKET + "', not '" + bucket + "'");
        }
        String[] parts = key.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("key must be '<batchSpecRandID>/<fileRandID>', got '" + key + "'");
        }
        return key;
    }
}
