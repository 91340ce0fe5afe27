package dev.executor.workspace.git;

import dev.executor.workspace.WorkspaceException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The loopback reverse proxy git clones through (spec §1.8). It listens on {@code 127.0.0.1:<random>},
 * forwards requests under {@code /<repositoryName>/} to {@code <frontend>/.executors/git} with the job's
 * credentials added, and answers 403 to anything else. Git is only ever told the loopback URL, so the
 * token is in no URL, argument, environment or config file.
 *
 * <p>Any local process can connect to a loopback port, so the proxy also requires a per-proxy random secret in
 * {@value #SECRET_HEADER}: only the git commands of this clone get it, through their environment
 * ({@link #gitEnvironment()}), which {@code /proc/<pid>/environ} shows to root alone; it is on no command line and
 * in no log entry. A request without it is a 403 and is never forwarded. Bodies are piped with back-pressure in both
 * directions: a packfile streams through without being held in memory. Runs on the Vert.x event loop;
 * {@link #start} and {@link #close} block the calling (job) thread.
 */
final class GitProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GitProxy.class);
    private static final long BIND_SECONDS = 30;

    /** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are never copied through. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    /** The header carrying the proxy's secret; git sends it through {@code http.<proxy url>.extraHeader}. */
    static final String SECRET_HEADER = "X-Executor-Git-Proxy-Secret";

    /** Request headers the proxy decides itself, whatever git sent; the secret never leaves the host. */
    private static final Set<String> SET_BY_PROXY = Set.of("host", "authorization", "x-sourcegraph-actor-uid",
            "x-sourcegraph-job-id", "x-sourcegraph-executor-name", SECRET_HEADER.toLowerCase(Locale.ROOT));

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final GitUpstream client;
    private final URI upstream;
    private final String repositoryName;
    private final Map<String, String> credentials;
    private final String secret = newSecret();

    private GitProxy(Vertx vertx, GitUpstream client, URI upstream, String repositoryName,
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
    static GitProxy start(Vertx vertx, GitUpstream client, URI upstream, String repositoryName,
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

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * What git's environment needs to pass the proxy: {@code http.http://127.0.0.1:<port>/.extraHeader} set to the
     * secret header, scoped to this proxy's URL so git sends it nowhere else. Set through
     * {@code GIT_CONFIG_PARAMETERS}, the variable {@code git -c} itself uses to hand settings to its children
     * (the remote helper that speaks HTTP among them): it is read by every git from well before 2.26, the oldest the
     * executor accepts, while {@code GIT_CONFIG_COUNT} needs git 2.31. {@code git -c protocol.version=2} appends to
     * it. The value is a hex string, so it needs no quoting beyond the single quotes.
     */
    Map<String, String> gitEnvironment() {
        String key = "http.http://127.0.0.1:" + port() + "/.extraheader";
        return Map.of("GIT_CONFIG_PARAMETERS", "'" + key + "=" + SECRET_HEADER + ": " + secret + "'");
    }

    /** Whether the request carries this proxy's secret, compared in constant time. */
    private boolean authorized(HttpServerRequest in) {
        String presented = in.getHeader(SECRET_HEADER);
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
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
        if (!authorized(in)) {
            LOG.debugf("git proxy for %s refused %s %s: no valid %s", repositoryName, in.method(), in.path(),
                    SECRET_HEADER);
            in.response().setStatusCode(403).end();
            return;
        }
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
        String what = in.method() + " " + in.path();
        Future<HttpClientResponse> answer;
        if (!hasBody(in)) {
            in.resume();
            answer = client.send(options, null, what);
        } else if (replayable(in)) {
            // Small enough to keep (git's negotiation): held, so it can be sent again on a fresh connection.
            answer = in.body().compose(body -> client.send(options, body, what));
            in.resume();
        } else {
            answer = client.stream(options, in); // pipes the paused request body with back-pressure
        }
        answer.onSuccess(response -> relay(in, response)).onFailure(e -> fail(in, e));
    }

    /** A body with a known length of at most {@link GitUpstream#REPLAYABLE_BODY_BYTES}. */
    private static boolean replayable(HttpServerRequest in) {
        String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || in.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return false;
        }
        try {
            long n = Long.parseLong(length.trim());
            return n >= 0 && n <= GitUpstream.REPLAYABLE_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
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
