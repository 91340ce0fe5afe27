package dev.executor.queue.transport;

import dev.executor.queue.Credentials;
import dev.executor.queue.FilesClient;
import dev.executor.model.JobRef;
import dev.executor.queue.RetryPolicy;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.executor.config.FrontendProxy;
import dev.executor.config.ProxySettings;
import dev.executor.queue.transport.UntrustedCertificateException.Reason;
import dev.executor.testing.proxy.TestForwardProxy;
import dev.executor.testing.tls.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's one HTTP stack for the frontend (Vert.x clients: under the REST client, the files client and the
 * git proxy's upstream) configured by {@link FrontendTransport} against real TLS servers on loopback: trusted through
 * {@code EXECUTOR_FRONTEND_CA_CERT}, refused with a clear reason otherwise, and through a real forward proxy.
 */
class FrontendTransportTest {

    static final String PROXIED_HOST = "frontend.executor-test.invalid";

    @TempDir
    static Path dir;
    static TestPki pki;
    static Vertx vertx;
    static HttpServer good;
    static HttpServer expired;
    static HttpServer wrongName;
    static HttpServer plain;

    @BeforeAll
    static void servers() throws IOException {
        pki = TestPki.create(dir.resolve("pki"), "Transport Test CA");
        good = serve(pki.serverContext("good", "dns:localhost", "ip:127.0.0.1", "dns:" + PROXIED_HOST));
        expired = serve(pki.serverContext("expired", "-10d", 1, "dns:localhost", "ip:127.0.0.1"));
        wrongName = serve(pki.serverContext("wrong", "dns:other.example.com"));
        plain = serve(null);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        for (HttpServer s : new HttpServer[] {good, expired, wrongName, plain}) {
            if (s != null) {
                s.stop(0);
            }
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    static HttpServer serve(SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(address, 16);
        } else {
            HttpsServer https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            byte[] body = ("ok " + ex.getRequestMethod() + " " + ex.getRequestURI() + (auth == null ? "" : " auth=" + auth)
                    + (ex.getRequestHeaders().containsKey("Proxy-Authorization") ? " PROXY CREDENTIALS LEAKED" : ""))
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    static FrontendTransport transport(String url, boolean withCa, ProxySettings proxy) {
        Map<String, Path> extra = withCa ? Map.of("EXECUTOR_FRONTEND_CA_CERT", pki.caPem()) : Map.of();
        TrustMaterial trust = TrustMaterial.load(List.of(), List.of(), extra);
        return new FrontendTransport(URI.create(url), trust,
                proxy == null ? FrontendProxy.direct("test") : FrontendProxy.via(proxy));
    }

    static String https(HttpServer server, String host) {
        return "https://" + host + ":" + server.getAddress().getPort();
    }

    static final String FILES_OK = "200 ok GET /.executors/files/b/ok auth=Bearer job-token";

    /** A file download through the product's {@link FilesClient} on a Vert.x client the transport configured. */
    static String filesGet(FrontendTransport t) throws IOException {
        io.vertx.core.http.HttpClient http = vertx.createHttpClient(t.applyTo(new HttpClientOptions()));
        try {
            FilesClient files = new FilesClient(http, t.frontendUrl(), new Credentials("executor-secret"), "test",
                    Duration.ofSeconds(10), new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
            try (InputStream in = files.open(new JobRef(1, "batches", "job-token"), "b", "ok")) {
                return "200 " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            http.close();
        }
    }

    /** GET {@code url}/ok with a Vert.x client whose options the transport configured. */
    static String vertxGet(FrontendTransport t) throws Exception {
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(t.applyTo(new HttpClientOptions()));
        try {
            URI u = t.frontendUrl();
            return client.request(HttpMethod.GET, u.getPort(), u.getHost(), "/ok")
                    .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b)))
                    .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    static UntrustedCertificateException filesRefusal(FrontendTransport t) {
        IOException e = assertThrows(IOException.class, () -> filesGet(t));
        UntrustedCertificateException u = UntrustedCertificateException.in(e)
                .orElseThrow(() -> new AssertionError("no explanation in", e));
        // The files client reports e itself: its message must carry the explanation too.
        assertTrue(String.valueOf(e.getMessage()).contains(u.getMessage()), e.getMessage());
        return u;
    }

    static UntrustedCertificateException vertxRefusal(FrontendTransport t) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> vertxGet(t));
        return UntrustedCertificateException.in(e).orElseThrow(() -> new AssertionError("no explanation in", e));
    }

    @Test
    void theExtraCaIsTrustedByBothClients() throws Exception {
        FrontendTransport t = transport(https(good, "localhost"), true, null);
        assertEquals(FILES_OK, filesGet(t));
        assertEquals("200 ok GET /ok", vertxGet(t));
        assertEquals("200 ok GET /ok", vertxGet(transport(https(good, "127.0.0.1"), true, null)), "IP SAN");
    }

    @Test
    void unknownAuthorityNamesTheHostTheIssuerAndTheFix() {
        FrontendTransport t = transport(https(good, "localhost"), false, null);
        for (UntrustedCertificateException e : List.of(filesRefusal(t), vertxRefusal(t))) {
            assertEquals(Reason.UNKNOWN_AUTHORITY, e.reason());
            assertEquals("localhost:" + good.getAddress().getPort(), e.endpoint());
            assertEquals("TLS certificate of localhost:" + good.getAddress().getPort() + " is signed by an unknown "
                    + "certificate authority (issuer \"CN=Transport Test CA\"): add that CA's certificate (PEM) to the "
                    + "file named by EXECUTOR_FRONTEND_CA_CERT or to the system CA bundle (/etc/ssl/certs, e.g. with "
                    + "update-ca-certificates), then restart the executor", e.getMessage());
        }
    }

    @Test
    void expiredCertificateSaysWhen() {
        FrontendTransport t = transport(https(expired, "localhost"), true, null);
        for (UntrustedCertificateException e : List.of(filesRefusal(t), vertxRefusal(t))) {
            assertEquals(Reason.EXPIRED, e.reason());
            assertTrue(e.getMessage().startsWith("TLS certificate of localhost:" + expired.getAddress().getPort()
                    + " expired on "), e.getMessage());
            assertTrue(e.getMessage().contains("(subject \"CN=expired\"): renew the frontend's certificate"), e.getMessage());
        }
    }

    @Test
    void nameMismatchListsTheNamesTheCertificateHas() {
        FrontendTransport t = transport(https(wrongName, "localhost"), true, null);
        for (UntrustedCertificateException e : List.of(filesRefusal(t), vertxRefusal(t))) {
            assertEquals(Reason.NAME_MISMATCH, e.reason());
            assertEquals("TLS certificate of localhost:" + wrongName.getAddress().getPort() + " is not valid for the "
                    + "name \"localhost\" (it names DNS:other.example.com): set EXECUTOR_FRONTEND_URL to a host name the "
                    + "certificate covers, or reissue the certificate to include \"localhost\"", e.getMessage());
        }
    }

    /** Both the REST client's and the files client's Vert.x stack send Basic credentials with CONNECT, as Go does. */
    @Test
    void httpsThroughAnAuthenticatingProxyTunnelsWithCredentials() throws Exception {
        try (TestForwardProxy proxy = TestForwardProxy.start(Map.of(PROXIED_HOST, "127.0.0.1"), "alice", "s3cret:pw")) {
            ProxySettings settings = ProxySettings.parse("HTTPS_PROXY",
                    "http://alice:s3cret%3Apw@127.0.0.1:" + proxy.port());
            FrontendTransport t = transport(https(good, PROXIED_HOST), true, settings);
            assertEquals("200 ok GET /ok", vertxGet(t));
            assertEquals(FILES_OK, filesGet(t));
            String target = PROXIED_HOST + ":" + good.getAddress().getPort();
            assertEquals(List.of(new TestForwardProxy.Request("CONNECT", target, true),
                    new TestForwardProxy.Request("CONNECT", target, true)), proxy.requests());
        }
        try (TestForwardProxy proxy = TestForwardProxy.start(Map.of(PROXIED_HOST, "127.0.0.1"), null, null)) {
            FrontendTransport t = transport(https(good, PROXIED_HOST), true,
                    ProxySettings.parse("HTTPS_PROXY", "127.0.0.1:" + proxy.port()));
            assertEquals(FILES_OK, filesGet(t));
            assertEquals(List.of(new TestForwardProxy.Request("CONNECT", PROXIED_HOST + ":" + good.getAddress().getPort(),
                    true)), proxy.requests());
        }
    }

    @Test
    void withoutTheProxyTheProxiedNameDoesNotResolve() {
        // What makes the proxy tests prove anything: a client that bypassed the proxy could not reach the server.
        FrontendTransport direct = transport(https(good, PROXIED_HOST), true, null);
        assertThrows(IOException.class, () -> filesGet(direct));
        assertThrows(ExecutionException.class, () -> vertxGet(direct));
    }

    @Test
    void plainHttpThroughAProxyUsesAbsoluteFormRequests() throws Exception {
        try (TestForwardProxy proxy = TestForwardProxy.start(Map.of(PROXIED_HOST, "127.0.0.1"), "bob", "pw")) {
            ProxySettings settings = ProxySettings.parse("HTTP_PROXY", "bob:pw@127.0.0.1:" + proxy.port());
            String url = "http://" + PROXIED_HOST + ":" + plain.getAddress().getPort();
            FrontendTransport t = transport(url, false, settings);
            assertEquals("200 ok GET /ok", vertxGet(t));
            assertEquals(FILES_OK, filesGet(t));
            List<TestForwardProxy.Request> authorized = proxy.requests().stream()
                    .filter(TestForwardProxy.Request::authorized).toList();
            assertEquals(2, authorized.size(), proxy.requests().toString());
            assertEquals(url + "/ok", authorized.get(0).target());
            assertEquals(url + "/.executors/files/b/ok", authorized.get(1).target());
        }
    }

    @Test
    void describeShowsSourcesAndProxyWithoutCredentials() {
        ProxySettings settings = ProxySettings.parse("HTTPS_PROXY", "http://alice:topsecret@proxy.corp:3128");
        List<String> lines = transport("https://sourcegraph.example.com", true, settings).describe();
        assertEquals("frontend: https://sourcegraph.example.com", lines.get(0));
        assertTrue(lines.get(1).contains("EXECUTOR_FRONTEND_CA_CERT " + pki.caPem() + ": 1 certificate"), lines.get(1));
        assertTrue(lines.get(1).startsWith("trusted CAs: JVM default trust store: "), lines.get(1));
        assertEquals("proxy: through http://********@proxy.corp:3128 (from HTTPS_PROXY)", lines.get(2));
        assertFalse(String.join("\n", lines).contains("topsecret"));
    }
}
