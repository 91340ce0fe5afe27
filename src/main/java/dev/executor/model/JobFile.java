package dev.executor.model;

/**
 * One workspace file of a job (spec §2.1): inline {@code content} (base64 in v2, plain text in v1)
 * or a file-store reference ({@code bucket} + {@code key}). {@code modifiedAt} is kept as text: the
 * zero time {@code 0001-01-01T00:00:00Z} means "don't set the mtime".
 */
public record JobFile(String content, String bucket, String key, String modifiedAt) {

    public boolean fromFileStore() {
        return bucket != null && !bucket.isEmpty() && key != null && !key.isEmpty();
    }

    /** The content may be large (and secret): its length only. */
    @Override
    public String toString() {
        return "JobFile[content=" + (content == null ? "null" : content.length() + " chars") + ", bucket=" + bucket
                + ", key=" + key + ", modifiedAt=" + modifiedAt + "]";
    }
}
