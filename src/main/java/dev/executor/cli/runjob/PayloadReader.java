package dev.executor.cli.runjob;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.model.Job;
import dev.executor.queue.JobJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a job payload for {@code run-job}: the JSON the frontend sends on dequeue, from a file or stdin,
 * decoded exactly as the queue client decodes it (v1 or v2 files, unknown fields ignored).
 */
public final class PayloadReader {

    /** A payload that cannot be run; the message names the source and the problem. */
    public static final class PayloadException extends Exception {
        private static final long serialVersionUID = 1L;

        PayloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = JobJson.mapper();

    private PayloadReader() {
    }

    /** {@code source} is a path, or {@code -} for {@code stdin}. */
    public static Job read(String source, InputStream stdin) throws PayloadException {
        String name = source.equals("-") ? "stdin" : source;
        String text;
        try {
            text = source.equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PayloadException("job payload " + name + ": no such file", e);
        } catch (IOException e) {
            throw new PayloadException("job payload " + name + ": cannot read: " + e.getMessage(), e);
        }
        if (text.isBlank()) {
            throw new PayloadException("job payload " + name + ": empty; expected the job JSON the frontend sends", null);
        }
        try {
            return JSON.readValue(text, Job.class);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new PayloadException("job payload " + name + ": not a valid job: " + why, e);
        }
    }
}
