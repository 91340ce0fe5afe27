package dev.executor.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether frontend requests go through a proxy, decided once at start-up because the frontend URL is fixed:
 * Go's {@code httpproxy} rules applied to {@code EXECUTOR_FRONTEND_URL}. The same decision holds for every
 * frontend call: queue, files and the upstream side of the git proxy.
 *
 * @param proxy  the proxy, or {@code null} for a direct connection
 * @param reason why, for start-up logs and {@code validate} (never contains credentials)
 */
public record FrontendProxy(ProxySettings proxy, String reason) {

    public static FrontendProxy direct(String reason) {
        return new FrontendProxy(null, reason);
    }

    public static FrontendProxy via(ProxySettings proxy) {
        return new FrontendProxy(proxy, "through " + proxy);
    }

    public Optional<ProxySettings> viaProxy() {
        return Optional.ofNullable(proxy);
    }

    /** The port a request to {@code url} connects to: explicit, else 443 for https and 80 for http. */
    static int portOf(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return "https".equals(url.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    @Override
    public String toString() {
        return proxy == null ? "direct (" + reason + ")" : reason;
    }
}
