package dev.executor.workspace.git;

import dev.executor.workspace.WorkspaceException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The loopback reverse proxy git clones through (spec §1.8). It listens on {@code 127.0.0.1:<random>},
 * forwards requests under {@code /<repositoryName>/} to {@code <frontend>/.executors/git} with the job's
 * credentials added, and answers 403 to anything else. Git is only ever told the loopback URL, so the
 * token is in no URL, argument, environment or config file. Bodies are piped with back-pressure in both
 * directions: a packfile streams through without being held in memory. Runs on the Vert.x event loop;
 * {@link #start} and {@link #close} block the calling (job) thread.
 */
final class GitProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GitProxy.class);
    private static final long BIND_SECONDS = 30;

    /** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are never copied through. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    /** Request headers the proxy decides itself, whatever git sent. */
    private static final Set<String> SET_BY_PROXY = Set.of("host", "authorization", "x-sourcegraph-actor-uid",
            "x-sourcegraph-job-id", "x-sourcegraph-executor-name");

    private final HttpServer server;
    private final HttpClient client;
    private final URI upstream;
    private final String repositoryName;
    private final Map<String, String> credentials;

    private GitProxy(Vertx vertx, HttpClient client, URI upstream, String repositoryName,
            Map<String, String> credentials) {
        this.client = client;
        this.upstream = upstream;
        this.repositoryName = repositoryName;
        this.credentials = Map.copyOf(credentials);
        // HTTP/1.1 only, as git speaks it: whether a request has a body is then in its headers.
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setHttp2ClearTextEnabled(false))
                .requestHandler(this::handle)
                .exceptionHandler(e -> LOG.debugf("git proxy connection for %s: %s", repositoryName, e.toString()));
    }

    /**
     * Starts a proxy for one job.
     *
     * @param upstream    {@code <frontend>/.executors/git}, without a trailing slash
     * @param credentials the headers that authenticate the job (Authorization and the X-Sourcegraph ones)
     */
    static GitProxy start(Vertx vertx, HttpClient client, URI upstream, String repositoryName,
            Map<String, String> credentials) {
        GitProxy proxy = new GitProxy(vertx, client, upstream, repositoryName, credentials);
        try {
            proxy.server.listen().toCompletionStage().toCompletableFuture().get(BIND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkspaceException("starting the git proxy: interrupted", e);
        } catch (Exception e) {
            throw new WorkspaceException("starting the git proxy on 127.0.0.1: " + e.getMessage(), e);
        }
        return proxy;
    }

    int port() {
        return server.actualPort();
    }

    /** Stops listening and drops any connection still open. */
    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(BIND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("closing the git proxy for %s: %s", repositoryName, e.toString());
        }
    }

    /**
     * Whether a request path stays within the job's repository. The raw and the percent-decoded path
     * must both start with {@code /<repositoryName>/}, and no segment may be {@code .} or {@code ..}, so
     * neither {@code /<repo>/../other/} nor an encoded variant reaches another repository.
     */
    static boolean allowed(String rawPath, String repositoryName) {
        String prefix = "/" + repositoryName + "/";
        if (rawPath == null || !rawPath.startsWith(prefix)) {
            return false;
        }
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!decoded.startsWith(prefix)) {
            return false;
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private void handle(HttpServerRequest in) {
        if (!allowed(in.path(), repositoryName)) {
            LOG.debugf("git proxy for %s refused %s %s", repositoryName, in.method(), in.path());
            in.response().setStatusCode(403).end();
            return;
        }
        in.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setAbsoluteURI(upstream + in.path() + (in.query() == null ? "" : "?" + in.query()));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        in.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !SET_BY_PROXY.contains(name) && !namedByConnection(in, name)) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        credentials.forEach(headers::set);
        options.setHeaders(headers);
        client.request(options)
                .compose(out -> {
                    if (hasBody(in)) {
                        return out.send(in); // pipes the paused request body with back-pressure
                    }
                    in.resume();
                    return out.send();
                })
                .onSuccess(response -> relay(in, response))
                .onFailure(e -> fail(in, e));
    }

    private static boolean hasBody(HttpServerRequest in) {
        String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
        return in.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.equals("0"));
    }

    private static boolean namedByConnection(HttpServerRequest in, String header) {
        String connection = in.getHeader(HttpHeaders.CONNECTION);
        if (connection == null) {
            return false;
        }
        for (String token : connection.split(",")) {
            if (token.trim().equalsIgnoreCase(header)) {
                return true;
            }
        }
        return false;
    }

    private void relay(HttpServerRequest in, HttpClientResponse response) {
        HttpServerResponse out = in.response();
        out.setStatusCode(response.statusCode());
        if (response.statusMessage() != null) {
            out.setStatusMessage(response.statusMessage());
        }
        response.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(h.getKey(), h.getValue());
            }
        });
        boolean bodyless = in.method() == HttpMethod.HEAD || response.statusCode() == 204 || response.statusCode() == 304;
        if (!bodyless && response.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            out.setChunked(true);
        }
        LOG.debugf("git proxy for %s: %s %s -> %d", repositoryName, in.method(), in.path(), response.statusCode());
        response.pipeTo(out).onFailure(e -> {
            LOG.debugf("git proxy for %s: streaming %s failed: %s", repositoryName, in.path(), e.toString());
            out.reset();
        });
    }

    private void fail(HttpServerRequest in, Throwable e) {
        LOG.warnf("git proxy for %s: %s %s failed: %s", repositoryName, in.method(), in.path(), e.toString());
        HttpServerResponse out = in.response();
        if (out.headWritten()) {
            out.reset();
        } else {
            in.resume();
            out.setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("git proxy: the frontend could not be reached: " + e.getMessage() + "\n");
        }
    }
}
