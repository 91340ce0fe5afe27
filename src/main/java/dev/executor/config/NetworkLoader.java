package dev.executor.config;

import static dev.executor.config.EnvVar.HTTPS_PROXY;
import static dev.executor.config.EnvVar.HTTP_PROXY;
import static dev.executor.config.EnvVar.NO_PROXY;
import static dev.executor.config.EnvVar.SSL_CERT_DIR;
import static dev.executor.config.EnvVar.SSL_CERT_FILE;
import static dev.executor.config.EnvVar.http_proxy;
import static dev.executor.config.EnvVar.https_proxy;
import static dev.executor.config.EnvVar.no_proxy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the Go-standard network variables into {@link NetworkSettings}: {@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}
 * and the proxy variables, with Go's precedence ({@code HTTPS_PROXY} before {@code https_proxy}; an empty value
 * counts as unset, like Go's {@code getEnvAny}).
 *
 * <p>Only the proxy variable that applies to the frontend's scheme is parsed, and only when {@code NO_PROXY} does not
 * exempt the frontend: an unused variable (a machine-wide {@code http_proxy} next to an https frontend) cannot stop
 * the executor. The one that applies must parse, where Go would silently connect directly: an operator who set a
 * proxy needs to hear that it is not used.
 */
final class NetworkLoader {

    static final String PROXY_EXPECTED = "an http:// proxy URL such as http://proxy.example.com:3128 or "
            + "http://user:password@proxy.example.com:3128";

    private NetworkLoader() {
    }

    static NetworkSettings load(ValueReader r, URI frontendUrl) {
        Path certFile = ConfigLoader.pemFile(r, SSL_CERT_FILE);
        String dirs = r.optional(SSL_CERT_DIR);
        // Go's separator for SSL_CERT_DIR is ':' (OpenSSL's); empty items are skipped.
        List<Path> certDirs = dirs == null ? List.of()
                : Arrays.stream(dirs.split(":")).filter(d -> !d.isBlank()).map(Path::of).toList();
        FrontendProxy proxy = frontendUrl == null ? null : frontendProxy(r, frontendUrl);
        return new NetworkSettings(certFile, certDirs, proxy);
    }

    private static FrontendProxy frontendProxy(ValueReader r, URI frontend) {
        boolean https = "https".equals(frontend.getScheme().toLowerCase(Locale.ROOT));
        EnvVar upper = https ? HTTPS_PROXY : HTTP_PROXY;
        EnvVar lower = https ? https_proxy : http_proxy;
        EnvVar used = r.optional(upper) != null ? upper : r.optional(lower) != null ? lower : null;
        if (used == null) {
            return FrontendProxy.direct(upper + " and " + lower + " are unset");
        }
        String noProxy = r.optional(NO_PROXY) != null ? r.optional(NO_PROXY) : r.optional(no_proxy);
        Optional<String> bypass = NoProxy.parse(noProxy).bypassReason(frontend.getHost(), FrontendProxy.portOf(frontend));
        if (bypass.isPresent()) {
            return FrontendProxy.direct(frontend.getHost() + ": " + bypass.get());
        }
        String raw = r.optional(used);
        try {
            return FrontendProxy.via(ProxySettings.parse(r.variableName(used), raw));
        } catch (IllegalArgumentException e) {
            r.rejectShowing(used, ProxySettings.masked(raw), PROXY_EXPECTED + " (" + e.getMessage() + ")");
            return null;
        }
    }
}
