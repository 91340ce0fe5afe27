package dev.executor.workspace.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.executor.testing.ListeningSockets;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy against a real upstream HTTP server on loopback, with a real Vert.x. */
class GitProxyTest {

    static final String REPO = "github.com/acme/api";
    static final String TOKEN = "3f9a6c1e0b5d4a7f8e2c9b1d6a0f4e3c2b1a0987";
    static final Map<String, String> CREDENTIALS = Map.of("Authorization", "Bearer " + TOKEN,
            "X-Sourcegraph-Actor-UID", "internal", "X-Sourcegraph-Job-ID", "42",
            "X-Sourcegraph-Executor-Name", "host-1234");
    static final int RESPONSE_BYTES = 48 * 1024 * 1024;

    record Seen(String method, String path, String query, Map<String, List<String>> headers, long bodyBytes,
            String bodySha) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
        }
    }

    static Vertx vertx;
    static GitUpstream client;
    static HttpServer upstream;
    static final List<Seen> seen = new CopyOnWriteArrayList<>();
    GitProxy proxy;

    @BeforeAll
    static void start() throws IOException {
        vertx = Vertx.vertx();
        client = GitUpstream.create(vertx, new io.vertx.core.http.HttpClientOptions(), 4);
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", GitProxyTest::serve);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.start();
    }

    @AfterAll
    static void stop() {
        upstream.stop(0);
        client.close();
        vertx.close();
    }

    @BeforeEach
    void startProxy() {
        seen.clear();
        proxy = GitProxy.start(vertx, client, upstreamUri(), REPO, CREDENTIALS);
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    static URI upstreamUri() {
        // a frontend URL with a path prefix: it must be kept
        return URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/prefix/.executors/git");
    }

    static void serve(HttpExchange ex) throws IOException {
        MessageDigest sha = sha256();
        long n = 0;
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[65536];
            int r;
            while ((r = in.read(buf)) > 0) {
                sha.update(buf, 0, r);
                n += r;
            }
        }
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()), n, HexFormat.of().formatHex(sha.digest())));
        if (ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-result");
            ex.sendResponseHeaders(200, 0); // chunked, like git http-backend's output
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[65536];
                for (int sent = 0; sent < RESPONSE_BYTES; sent += chunk.length) {
                    fill(chunk, sent);
                    out.write(chunk);
                }
            }
        } else {
            byte[] body = "001e# service=git-upload-pack\n".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-advertisement");
            ex.sendResponseHeaders(207, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void fill(byte[] chunk, long offset) {
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) ((offset + i) * 31 >>> 3);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String proxyUrl(String path) {
        return "http://127.0.0.1:" + proxy.port() + path;
    }

    /** A request written by hand, so the path reaches the proxy exactly as given (no client normalisation). */
    /** With the proxy's secret, as git sends it. */
    int rawGet(String path) throws IOException {
        return rawGet(path, GitProxy.SECRET_HEADER + ": " + secret() + "\r\n");
    }

    /** The secret as git's environment carries it: {@code 'http.<url>.extraheader=<header>: <secret>'}. */
    String secret() {
        String parameters = proxy.gitEnvironment().get("GIT_CONFIG_PARAMETERS");
        String prefix = "'http.http://127.0.0.1:" + proxy.port() + "/.extraheader=" + GitProxy.SECRET_HEADER + ": ";
        assertTrue(parameters.startsWith(prefix) && parameters.endsWith("'"), parameters);
        String secret = parameters.substring(prefix.length(), parameters.length() - 1);
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        return secret;
    }

    /** {@code headers}: extra header lines, each ending with CRLF. */
    int rawGet(String path, String headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                    + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/github.com/acme/other/info/refs?service=git-upload-pack",
            "/github.com/acme/apix/info/refs?service=git-upload-pack",
            "/github.com/acme/api",
            "/github.com/acme/api/../other/info/refs?service=git-upload-pack",
            "/github.com/acme/api/%2e%2e/other/info/refs?service=git-upload-pack",
            "/github.com/acme/api/%2E%2E%2Fother/info/refs",
            "/github.com/acme/api/./info/refs",
            "/info/refs",
            "/"})
    void anythingOutsideTheJobsRepositoryIs403AndNeverForwarded(String path) throws IOException {
        assertEquals(403, rawGet(path));
        assertEquals(List.of(), seen);
    }

    /** Another local process (another user, another job's host step) that finds the port gets nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"", "X-Executor-Git-Proxy-Secret: wrong\r\n", "X-Executor-Git-Proxy-Secret: \r\n"})
    void aRequestWithoutTheJobsProxySecretIs403AndNeverForwarded(String header) throws IOException {
        assertEquals(403, rawGet("/" + REPO + "/info/refs?service=git-upload-pack", header));
        assertEquals(List.of(), seen);
    }

    @Test
    void forwardsTheRepositorysRequestsWithTheJobsCredentials() throws Exception {
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(proxyUrl("/" + REPO + "/info/refs?service=git-upload-pack")))
                .header("Git-Protocol", "version=2")
                .header(GitProxy.SECRET_HEADER, secret())
                .header("Authorization", "Basic Z2l0OmF0dGVtcHQ=") // whatever git may send is replaced
                .header("X-Sourcegraph-Job-ID", "999")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(207, r.statusCode(), "the upstream status passes through");
        assertEquals("001e# service=git-upload-pack\n", r.body());
        assertEquals("application/x-git-upload-pack-advertisement", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(1, seen.size());
        Seen s = seen.get(0);
        assertEquals("GET", s.method());
        assertEquals("/prefix/.executors/git/" + REPO + "/info/refs", s.path());
        assertEquals("service=git-upload-pack", s.query());
        assertEquals("Bearer " + TOKEN, s.header("Authorization"));
        assertEquals("internal", s.header("X-Sourcegraph-Actor-UID"));
        assertEquals("42", s.header("X-Sourcegraph-Job-ID"));
        assertEquals("host-1234", s.header("X-Sourcegraph-Executor-Name"));
        assertEquals("127.0.0.1:" + upstream.getAddress().getPort(), s.header("Host"));
        assertEquals("version=2", s.header("Git-Protocol"));
        assertEquals(null, s.header(GitProxy.SECRET_HEADER), "the proxy's secret never leaves the host");
    }

    @Test
    void streamsLargeBodiesBothWays() throws Exception {
        int requestBytes = 24 * 1024 * 1024;
        MessageDigest sent = sha256();
        byte[] chunk = new byte[65536];
        for (int off = 0; off < requestBytes; off += chunk.length) {
            fill(chunk, off);
            sent.update(chunk);
        }
        InputStream body = new InputStream() {
            long offset;
            final byte[] buf = new byte[65536];
            int pos = buf.length;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (offset >= requestBytes) {
                    return -1;
                }
                if (pos == buf.length) {
                    fill(buf, offset);
                    pos = 0;
                }
                int n = Math.min(len, buf.length - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                offset += n;
                return n;
            }
        };
        HttpResponse<InputStream> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(proxyUrl("/" + REPO + "/git-upload-pack")))
                .header("Content-Type", "application/x-git-upload-pack-request")
                .header(GitProxy.SECRET_HEADER, secret())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)) // chunked: no length known
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        MessageDigest got = sha256();
        MessageDigest expected = sha256();
        long n = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[65536];
            int k;
            while ((k = in.read(buf)) > 0) {
                got.update(buf, 0, k);
                n += k;
            }
        }
        for (int off = 0; off < RESPONSE_BYTES; off += chunk.length) {
            fill(chunk, off);
            expected.update(chunk);
        }
        assertEquals(RESPONSE_BYTES, n);
        assertTrue(MessageDigest.isEqual(expected.digest(), got.digest()), "response body intact");
        assertEquals(requestBytes, seen.get(0).bodyBytes(), seen.get(0).headers().toString());
        assertEquals(HexFormat.of().formatHex(sent.digest()), seen.get(0).bodySha(), "request body intact");
        assertEquals("application/x-git-upload-pack-request", seen.get(0).header("Content-Type"));
    }

    @Test
    void closingStopsListening() {
        // Asked of this process's own sockets, not by connecting: once the port is free another process may
        // take it, and a connection would then succeed although the proxy stopped listening.
        long self = ProcessHandle.current().pid();
        int port = proxy.port();
        assertTrue(ListeningSockets.listens(self, port), "the open proxy listens on " + port);
        proxy.close();
        assertFalse(ListeningSockets.listens(self, port), "the closed proxy still listens on " + port);
        proxy = GitProxy.start(vertx, client, upstreamUri(), REPO, CREDENTIALS); // for @AfterEach
    }

    @Test
    void anUnreachableFrontendIs502() throws IOException {
        proxy.close();
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        proxy = GitProxy.start(vertx, client, URI.create("http://127.0.0.1:" + deadPort + "/.executors/git"), REPO,
                CREDENTIALS);
        assertEquals(502, rawGet("/" + REPO + "/info/refs?service=git-upload-pack"));
    }

    @Test
    void eachProxyHasItsOwnPortAndSecret() {
        try (GitProxy other = GitProxy.start(vertx, client, upstreamUri(), "github.com/acme/other", CREDENTIALS)) {
            assertFalse(other.port() == proxy.port());
            assertFalse(other.gitEnvironment().get("GIT_CONFIG_PARAMETERS").endsWith(secret() + "'"));
        }
    }

    @Test
    void allowedIsAPrefixMatchOnWholeSegments() {
        assertTrue(GitProxy.allowed("/" + REPO + "/info/refs", REPO));
        assertTrue(GitProxy.allowed("/" + REPO + "/git-upload-pack", REPO));
        assertFalse(GitProxy.allowed("/" + REPO + "/%zz", REPO), "a bad escape is refused");
        assertFalse(GitProxy.allowed(null, REPO));
    }
}
