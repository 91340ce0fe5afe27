package dev.executor.queue;

import dev.executor.model.JobRef;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Downloads job files from {@code /.executors/files/<bucket>/<key>} with the job's credentials (spec §1.9), on the
 * same stack as the queue client: a Vert.x HTTP client configured by the one {@code FrontendTransport} (TLS trust,
 * proxy with its credentials), and the one {@link RetryPolicy}. The body is handed over as a stream that pulls
 * from the connection as it is read ({@link ResponseBodyStream}): files can be large and are never held in memory.
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
     * The file's body, once the frontend answered 200. Like every frontend call (spec §4.11) the request is retried on
     * transport errors, 429 and 5xx other than 501; once the body streams, the subscriber owns it (and must close
     * it). Cancelling the subscription before then abandons the request.
     */
    public Uni<InputStream> fetch(JobRef job, String bucket, String key) {
        String operation = "fetching file " + bucket + "/" + key + " of job " + job.id();
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(HttpMethod.GET)
                    .setAbsoluteURI(base + "/.executors/files/" + pathSegments("bucket", bucket) + "/"
                            + pathSegments("key", key))
                    .setIdleTimeout(timeout.toMillis())
                    .setFollowRedirects(true)
                    .putHeader("Content-Type", "application/json")
                    .putHeader(FrontendApi.AUTH, credentials.jobHeader(job))
                    .putHeader(FrontendApi.JOB_ID, Long.toString(job.id()))
                    .putHeader(FrontendApi.EXECUTOR_NAME, executorName);
        } catch (IOException e) {
            return Uni.createFrom().failure(e);
        }
        return retries.apply(operation, send(options), ANSWER)
                .onFailure(FrontendException.class).transform(e -> new IOException(e.getMessage(), e))
                .onItem().transform(response -> {
                    if (response.statusCode() != 200) {
                        ANSWER.discard(response);
                        throw new CompletionException(new IOException(operation + ": unexpected status code "
                                + response.statusCode()));
                    }
                    return (InputStream) new ResponseBodyStream(response);
                })
                .onFailure(CompletionException.class).transform(Throwable::getCause);
    }

    /** {@link #fetch} for callers on a worker thread (the job's file writer): blocks until the body starts. */
    public InputStream open(JobRef job, String bucket, String key) throws IOException {
        try {
            return fetch(job, bucket, key).await().indefinitely();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** One try: the response with its headers read and its body paused (nothing is lost before a reader comes). */
    private Uni<HttpClientResponse> send(RequestOptions options) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
            emitter.onTermination(() -> {
                HttpClientRequest request = sent.get();
                if (!answered.get() && request != null) {
                    request.reset(); // cancelled before the answer came
                }
            });
            http.request(options)
                    .compose(request -> {
                        sent.set(request);
                        return request.send().map(response -> {
                            response.pause();
                            return response;
                        });
                    })
                    .onSuccess(response -> {
                        answered.set(true);
                        emitter.complete(response);
                    })
                    .onFailure(failure -> {
                        answered.set(true);
                        emitter.fail(failure);
                    });
        });
    }

    private static final RetryPolicy.Answer<HttpClientResponse> ANSWER = new RetryPolicy.Answer<>() {
        @Override
        public int status(HttpClientResponse response) {
            return response.statusCode();
        }

        @Override
        public String retryAfter(HttpClientResponse response) {
            return response.getHeader("Retry-After");
        }

        @Override
        public void discard(HttpClientResponse response) {
            response.request().reset(); // the body is not wanted: drop the stream rather than read it
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
