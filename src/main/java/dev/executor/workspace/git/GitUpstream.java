package dev.executor.workspace.git;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The frontend side of the git proxies: pooled keep-alive connections (with the frontend's TLS trust and proxy), and
 * one retry on a fresh connection for a request that got no byte of answer.
 *
 * <p>Why the retry: an HTTP proxy that closes its connection after each answer without saying so (tinyproxy relays
 * the frontend's {@code HTTP/1.1} status line and drops its {@code Connection} header, as many corporate proxies do)
 * leaves a pooled connection that looks reusable until its FIN arrives; a request sent on it in that moment fails
 * with {@code HttpClosedException} and git would get a 502. A connection whose answer says {@code Connection: close}
 * (or is HTTP/1.0 without keep-alive) is closed by Vert.x itself and never reused. What git sends through the proxy is
 * read-only ({@code info/refs}, {@code git-upload-pack}), so a request that never got an answer is safe to send again;
 * the retry goes through a client without keep-alive, so it cannot land on another stale pooled connection. A request
 * body is replayable when git sent it with a length of at most {@link #REPLAYABLE_BODY_BYTES} (git's default
 * {@code http.postBuffer}; larger bodies come chunked and are streamed, without a retry).
 */
final class GitUpstream implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GitUpstream.class);

    /** Git's default {@code http.postBuffer}: bodies up to this size come with a Content-Length. */
    static final long REPLAYABLE_BODY_BYTES = 1024 * 1024;

    private final HttpClient pooled;
    private final HttpClient fresh;

    private GitUpstream(HttpClient pooled, HttpClient fresh) {
        this.pooled = pooled;
        this.fresh = fresh;
    }

    /**
     * @param options the frontend's client options (trust, proxy); copied, never changed
     * @param poolSize most pooled connections
     */
    static GitUpstream create(Vertx vertx, HttpClientOptions options, int poolSize) {
        HttpClient pooled = vertx.createHttpClient(new HttpClientOptions(options), new PoolOptions().setHttp1MaxSize(poolSize));
        HttpClient fresh = vertx.createHttpClient(new HttpClientOptions(options).setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(poolSize));
        return new GitUpstream(pooled, fresh);
    }

    /** Sends a request whose body (if any) is in memory; retried once on a fresh connection if no answer came. */
    Future<HttpClientResponse> send(RequestOptions options, Buffer body, String what) {
        Function<HttpClient, Future<HttpClientResponse>> attempt = client -> client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body));
        return attempt.apply(pooled).recover(e -> {
            LOG.debugf("git proxy: %s got no answer (%s); retrying once on a fresh connection", what, e.toString());
            return attempt.apply(fresh);
        });
    }

    /** Sends a request with a streamed body: it cannot be replayed, so there is no retry. */
    Future<HttpClientResponse> stream(RequestOptions options, ReadStream<Buffer> body) {
        return pooled.request(options).compose((HttpClientRequest request) -> request.send(body));
    }

    @Override
    public void close() {
        pooled.close();
        fresh.close();
    }
}
