package dev.executor.queue.transport;

import dev.executor.config.ExecutorConfig;
import dev.executor.config.FrontendProxy;
import dev.executor.config.NetworkSettings;
import dev.executor.config.ProxySettings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.TrustOptions;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one way to reach the frontend: every client that talks to {@code EXECUTOR_FRONTEND_URL} (queue, files, the
 * git proxy's upstream) gets its TLS trust and proxy from here, so they cannot disagree. Apply it with
 * {@link #applyTo(HttpClientOptions)}: every one of them is a Vert.x client (the Quarkus REST client, the files
 * client and validate's check are built on Vert.x's HTTP client; Vert.x sends proxy credentials for {@code CONNECT}
 * tunnels as Go does, so no JVM-wide setting is needed). Loopback servers of our own (the git proxy's listening
 * side) are not frontend calls and must not use it.
 */
public final class FrontendTransport {

    private final URI frontendUrl;
    private final TrustMaterial trust;
    private final FrontendProxy proxy;

    public FrontendTransport(URI frontendUrl, TrustMaterial trust, FrontendProxy proxy) {
        this.frontendUrl = frontendUrl;
        this.trust = trust;
        this.proxy = proxy;
    }

    /** Reads the trust sources the configuration names (see {@link TrustMaterial}). */
    public static FrontendTransport create(ExecutorConfig config) {
        NetworkSettings network = config.network();
        List<Path> bundles = network.sslCertFile() != null ? List.of(network.sslCertFile())
                : TrustMaterial.SYSTEM_BUNDLES;
        List<Path> dirs = network.sslCertDirs().isEmpty() ? TrustMaterial.SYSTEM_DIRECTORIES
                : network.sslCertDirs();
        Map<String, Path> extra = new LinkedHashMap<>();
        if (config.frontendCaCert() != null) {
            extra.put("EXECUTOR_FRONTEND_CA_CERT", config.frontendCaCert());
        }
        return new FrontendTransport(config.frontendUrl(), TrustMaterial.load(bundles, dirs, extra),
                network.frontendProxy());
    }

    public URI frontendUrl() {
        return frontendUrl;
    }

    /** Whether the frontend is reached over TLS ({@code https}). */
    public boolean tls() {
        return "https".equals(frontendUrl.getScheme().toLowerCase(Locale.ROOT));
    }

    /** The trusted CA certificates (JVM, system, {@code SSL_CERT_*}, {@code EXECUTOR_FRONTEND_CA_CERT}). */
    public KeyStore trustStore() {
        return trust.keyStore();
    }

    /** A trust manager over {@link #trustStore()} that explains refusals ({@link UntrustedCertificateException}). */
    public X509ExtendedTrustManager trustManager() {
        return trust.trustManager();
    }

    public SSLContext sslContext() {
        return trust.sslContext();
    }

    /** The proxy frontend requests go through, or empty for a direct connection. */
    public Optional<ProxySettings> proxy() {
        return proxy.viaProxy();
    }

    /**
     * Sets trust, host-name verification and the proxy (or none: JVM proxy properties are not honoured, only the
     * environment, as for a Go program) on Vert.x client options. Returns {@code options}.
     */
    public HttpClientOptions applyTo(HttpClientOptions options) {
        options.setSsl(tls());
        options.setTrustAll(false);
        options.setVerifyHost(true);
        options.setTrustOptions(TrustOptions.wrap(trust.trustManager()));
        options.setProxyOptions(proxy().map(FrontendTransport::vertxProxy).orElse(null));
        return options;
    }

    /** The clear explanation of a refused frontend certificate in {@code failure}'s causes, if that is what it was. */
    public static Optional<String> explain(Throwable failure) {
        return UntrustedCertificateException.in(failure).map(Throwable::getMessage);
    }

    /** One line per fact, for the start-up log and {@code validate}; never contains proxy credentials. */
    public List<String> describe() {
        return List.of("frontend: " + frontendUrl,
                "trusted CAs: " + String.join("; ", trust.sources()),
                "proxy: " + proxy);
    }

    private static ProxyOptions vertxProxy(ProxySettings p) {
        ProxyOptions options = new ProxyOptions().setType(ProxyType.HTTP).setHost(p.host()).setPort(p.port());
        if (p.hasCredentials()) {
            options.setUsername(p.username()).setPassword(p.password() == null ? "" : p.password());
        }
        return options;
    }
}
