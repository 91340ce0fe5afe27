package dev.executor.queue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    public FilesClient(HttpClient http, URI base, Credentials credentials, String executorName, Duration timeout) {
        this.http = http;
        this.base = QueueClientProducer.baseUri(base);
        this.credentials = credentials;
        this.executorName = executorName;
        this.timeout = timeout;
    }

    public InputStream open(JobRef job, String bucket, String key) throws IOException {
        URI uri = URI.create(base + "/.executors/files/" + bucket + "/" + key).normalize();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(FrontendApi.AUTH, credentials.jobHeader(job))
                .header(FrontendApi.JOB_ID, Long.toString(job.id()))
                .header(FrontendApi.EXECUTOR_NAME, executorName)
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("fetching file " + bucket + "/" + key + " of job " + job.id() + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("fetching file " + bucket + "/" + key + " of job " + job.id()
                    + ": unexpected status code " + response.statusCode());
        }
        return response.body();
    }
}
