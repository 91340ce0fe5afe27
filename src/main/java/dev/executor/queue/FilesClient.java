package dev.executor.queue;

import dev.executor.model.JobRef;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Downloads job files from {@code /.executors/files/<bucket>/<key>} with the job's credentials (spec §1.9).
 * The body is handed over as a stream: files can be large and must not be held in memory.
 */
public final class FilesClient {

    private final HttpClient http;
    private final URI base;
    private final Credentials credentials;
    private final String executorName;
    private final Duration timeout;
    private final RetryPolicy retries;

    public FilesClient(HttpClient http, URI base, Credentials credentials, String executorName, Duration timeout,
            RetryPolicy retries) {
        this.http = http;
        this.base = QueueClientProducer.baseUri(base);
        this.credentials = credentials;
        this.executorName = executorName;
        this.timeout = timeout;
        this.retries = retries;
    }

    /**
     * Opens the file's body. Like every frontend call (spec §4.11) the request is retried on transport errors, 429
     * and 5xx other than 501; once the body streams, the caller owns it.
     */
    public InputStream open(JobRef job, String bucket, String key) throws IOException {
        URI uri = URI.create(base + "/.executors/files/" + pathSegments("bucket", bucket) + "/" + pathSegments("key", key));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(FrontendApi.AUTH, credentials.jobHeader(job))
                .header(FrontendApi.JOB_ID, Long.toString(job.id()))
                .header(FrontendApi.EXECUTOR_NAME, executorName)
                .GET()
                .build();
        String operation = "fetching file " + bucket + "/" + key + " of job " + job.id();
        HttpResponse<InputStream> response;
        try {
            response = retries.execute(operation, () -> send(request), ANSWER);
        } catch (FrontendException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(operation + ": unexpected status code " + response.statusCode());
        }
        return response.body();
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the retry policy sees it and stops
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static final RetryPolicy.Answer<HttpResponse<InputStream>> ANSWER = new RetryPolicy.Answer<>() {
        @Override
        public int status(HttpResponse<InputStream> response) {
            return response.statusCode();
        }

        @Override
        public String retryAfter(HttpResponse<InputStream> response) {
            return response.headers().firstValue("Retry-After").orElse(null);
        }

        @Override
        public void discard(HttpResponse<InputStream> response) {
            try {
                response.body().close();
            } catch (IOException ignored) {
                // the retry does not need it
            }
        }
    };

    /**
     * The bucket or key as URL path segments, each percent-encoded. Dot segments and empty ones are refused:
     * the job's credentials must only ever be sent to the files route, never to a path {@code ..} leads to.
     */
    static String pathSegments(String field, String value) throws IOException {
        StringBuilder path = new StringBuilder();
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IOException("file store " + field + " \"" + value + "\" has an empty, \".\" or \"..\" segment");
            }
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(encodeSegment(segment));
        }
        return path.toString();
    }

    /** RFC 3986 path-segment encoding: unreserved characters stay, every other byte becomes %XX. */
    private static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
