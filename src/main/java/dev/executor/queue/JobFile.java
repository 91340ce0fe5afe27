package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One workspace file of a job (spec §2.1): inline {@code content} (base64 in v2, plain text in v1)
 * or a file-store reference ({@code bucket} + {@code key}). {@code modifiedAt} is kept as text: the
 * zero time {@code 0001-01-01T00:00:00Z} means "don't set the mtime".
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobFile(String content, String bucket, String key, String modifiedAt) {

    public boolean fromFileStore() {
        return bucket != null && !bucket.isEmpty() && key != null && !key.isEmpty();
    }
}
