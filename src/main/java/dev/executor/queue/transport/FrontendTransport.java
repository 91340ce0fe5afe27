package dev.executor.queue.transport;

import dev.executor.config.ExecutorConfig;
import dev.executor.config.FrontendProxy;
import dev.executor.config.NetworkSettings;
import dev.executor.config.ProxySettings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
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
 * {@link #applyTo(HttpClientOptions)} (Vert.x clients, including the Quarkus REST client) or
 * {@link #build(HttpClient.Builder)} (the JDK client). Loopback servers of our own (the git proxy's listening
 * side) are not frontend calls and must not use it.
 */
public final class FrontendTransport {

    /**
     * The JDK refuses Basic proxy authentication for {@code CONNECT} tunnels unless this property allows it. Go sends
     * Basic credentials to the proxy for https targets, and operators put them in {@code HTTPS_PROXY} expecting
     * that, so it is cleared (unless set explicitly). The JDK reads it once, when its HTTP client first loads.
     */
    static final String TUNNEL_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    /**
     * Lets the JDK HTTP client send Basic credentials to a proxy for {@code CONNECT}, as Go does. It only takes
     * effect before the JDK HTTP client is first used in this JVM, so {@code main} calls it first thing; an
     * explicit {@code -Djdk.http.auth.tunneling.disabledSchemes} wins. Credentials are only ever offered to the
     * proxy the operator configured, never to the frontend.
     */
    public static void allowBasicProxyAuthForTunnels() {
        if (System.getProperty(TUNNEL_DISABLED_SCHEMES) == null) {
            System.setProperty(TUNNEL_DISABLED_SCHEMES, "");
        }
    }

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

    /**
     * Sets trust and the proxy on a JDK HTTP client builder and builds it; with proxy credentials, the client sends
     * them with every request ({@link ProxyAuthorizingClient}).
     */
    public HttpClient build(HttpClient.Builder builder) {
        builder.sslContext(trust.sslContext());
        Optional<ProxySettings> p = proxy();
        p.ifPresent(settings -> builder.proxy(new FixedProxy(settings.host(), settings.port())));
        HttpClient client = builder.build();
        if (p.isEmpty() || !p.get().hasCredentials()) {
            return client;
        }
        allowBasicProxyAuthForTunnels(); // in case main did not run (embedded use); see there
        String credentials = p.get().username() + ":" + (p.get().password() == null ? "" : p.get().password());
        return new ProxyAuthorizingClient(client,
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
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

    /** Resolves the proxy's name at each request, so a proxy whose address changes is still found. */
    private static final class FixedProxy extends ProxySelector {
        private final String host;
        private final int port;

        FixedProxy(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        public List<Proxy> select(URI uri) {
            return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(host, port)));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            // nothing to fall back to: the request fails with the connection error
        }
    }
}
