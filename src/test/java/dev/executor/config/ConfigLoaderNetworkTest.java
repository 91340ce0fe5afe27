package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.tls.StaticCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go-standard network variables: trust inputs, proxy precedence, NO_PROXY and error reporting. */
class ConfigLoaderNetworkTest {

    private static final String HTTPS_FRONTEND = "https://sourcegraph.example.com";

    @Test
    void nothingSetMeansDirectAndSystemTrust() {
        NetworkSettings n = TestEnv.load().network();
        assertNull(n.sslCertFile());
        assertEquals(List.of(), n.sslCertDirs());
        assertNull(n.frontendProxy().proxy());
        assertEquals("HTTPS_PROXY and https_proxy are unset", n.frontendProxy().reason());
    }

    @Test
    void httpsFrontendUsesHttpsProxyAndIgnoresHttpProxy() {
        FrontendProxy p = TestEnv.load("HTTPS_PROXY", "http://secure-proxy:3128", "HTTP_PROXY", "http://plain:3128")
                .network().frontendProxy();
        assertEquals("secure-proxy", p.proxy().host());
        assertEquals("HTTPS_PROXY", p.proxy().variable());
        // Go does not fall back from HTTPS_PROXY to HTTP_PROXY for https URLs.
        assertNull(TestEnv.load("HTTP_PROXY", "http://plain:3128").network().frontendProxy().proxy());
    }

    @Test
    void httpFrontendUsesHttpProxy() {
        FrontendProxy p = TestEnv.load("EXECUTOR_FRONTEND_URL", "http://sourcegraph.internal:3080",
                "HTTP_PROXY", "plain:3128", "HTTPS_PROXY", "http://secure:3128").network().frontendProxy();
        assertEquals("plain", p.proxy().host());
        assertEquals(3128, p.proxy().port());
    }

    @Test
    void upperCaseWinsAndEmptyUpperCaseFallsBackToLowerCase() {
        assertEquals("upper", TestEnv.load("HTTPS_PROXY", "upper:1", "https_proxy", "lower:1")
                .network().frontendProxy().proxy().host());
        FrontendProxy lower = TestEnv.load("HTTPS_PROXY", "", "https_proxy", "lower:1").network().frontendProxy();
        assertEquals("lower", lower.proxy().host());
        assertEquals("https_proxy", lower.proxy().variable());
        assertTrue(TestEnv.load("https_proxy", "lower:1", "NO_PROXY", "", "no_proxy", ".example.com")
                .network().frontendProxy().viaProxy().isEmpty(), "empty NO_PROXY falls back to no_proxy");
    }

    @Test
    void noProxyExemptsTheFrontendByNamePortOrStar() {
        assertNull(TestEnv.load("HTTPS_PROXY", "proxy:3128", "NO_PROXY", "example.com").network().frontendProxy().proxy());
        assertNull(TestEnv.load("HTTPS_PROXY", "proxy:3128", "NO_PROXY", "*").network().frontendProxy().proxy());
        assertNull(TestEnv.load("HTTPS_PROXY", "proxy:3128", "NO_PROXY", "sourcegraph.example.com:443")
                .network().frontendProxy().proxy());
        assertEquals("proxy", TestEnv.load("HTTPS_PROXY", "proxy:3128", "NO_PROXY", "sourcegraph.example.com:80")
                .network().frontendProxy().proxy().host());
        FrontendProxy direct = TestEnv.load("HTTPS_PROXY", "proxy:3128", "no_proxy", "other.test,.example.com")
                .network().frontendProxy();
        assertEquals("sourcegraph.example.com: NO_PROXY entry \".example.com\" matches", direct.reason());
    }

    @Test
    void loopbackFrontendIsNeverProxied() {
        assertNull(TestEnv.load("EXECUTOR_FRONTEND_URL", "http://127.0.0.1:3080", "HTTP_PROXY", "proxy:3128")
                .network().frontendProxy().proxy());
        assertNull(TestEnv.load("EXECUTOR_FRONTEND_URL", "http://localhost:3080", "HTTP_PROXY", "proxy:3128")
                .network().frontendProxy().proxy());
    }

    @Test
    void unusableProxyIsAnErrorNamingTheVariableWithoutTheCredentials() {
        ConfigError e = TestEnv.onlyError("https_proxy", "socks5://user:hunter22@proxy:1080");
        assertEquals("https_proxy", e.variable());
        assertEquals("socks5://********@proxy:1080", e.value());
        assertTrue(e.expected().startsWith(NetworkLoader.PROXY_EXPECTED), e.expected());
        assertTrue(e.expected().endsWith("(socks5:// proxies are not supported)"), e.expected());
        assertFalse(e.message().contains("hunter22"), e.message());
    }

    @Test
    void proxyThatDoesNotApplyIsNotChecked() {
        // A machine-wide http_proxy next to an https frontend is irrelevant; so is a proxy NO_PROXY overrides.
        assertNull(TestEnv.load("http_proxy", "socks5://proxy:1080").network().frontendProxy().proxy());
        assertNull(TestEnv.load("HTTPS_PROXY", "socks5://proxy:1080", "NO_PROXY", "*").network().frontendProxy().proxy());
    }

    @Test
    void configToStringNeverShowsProxyCredentials() {
        String text = TestEnv.load("HTTPS_PROXY", "http://alice:s3cr3t-pw@proxy:3128").toString();
        assertFalse(text.contains("s3cr3t-pw"), text);
        assertFalse(text.contains("alice"), text);
        assertTrue(text.contains("http://********@proxy:3128 (from HTTPS_PROXY)"), text);
    }

    @Test
    void sslCertFileMustHoldACertificateAndDirsAreSplitAtColons(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificates here");
        assertEquals("SSL_CERT_FILE", TestEnv.onlyError("SSL_CERT_FILE", empty.toString()).variable());
        assertEquals("SSL_CERT_FILE", TestEnv.onlyError("SSL_CERT_FILE", dir.resolve("missing.pem").toString()).variable());
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "comment\n" + StaticCertificate.PEM);
        NetworkSettings n = TestEnv.load("SSL_CERT_FILE", bundle.toString(), "SSL_CERT_DIR", "/a/certs::/b/certs").network();
        assertEquals(bundle, n.sslCertFile());
        // Missing directories are not an error: Go skips them too.
        assertEquals(List.of(Path.of("/a/certs"), Path.of("/b/certs")), n.sslCertDirs());
    }

    @Test
    void httpsFrontendConstantIsTheMinimalEnvironmentsOne() {
        assertEquals(HTTPS_FRONTEND, TestEnv.load().frontendUrl().toString());
    }
}
