package dev.executor.config;

import java.nio.file.Path;
import java.util.List;

/**
 * How the executor reaches the frontend beyond its URL: the Go-style trust inputs and the proxy decision.
 * {@code EXECUTOR_FRONTEND_CA_CERT} stays {@link ExecutorConfig#frontendCaCert()}.
 *
 * @param sslCertFile   {@code SSL_CERT_FILE}, a readable PEM file; {@code null} when unset (use the system bundle)
 * @param sslCertDirs   {@code SSL_CERT_DIR} split at {@code :}; empty when unset (use the system directories)
 * @param frontendProxy whether frontend requests use {@code HTTP(S)_PROXY}, after {@code NO_PROXY}
 */
public record NetworkSettings(Path sslCertFile, List<Path> sslCertDirs, FrontendProxy frontendProxy) {

    public NetworkSettings {
        sslCertDirs = sslCertDirs == null ? List.of() : List.copyOf(sslCertDirs);
        frontendProxy = frontendProxy == null ? FrontendProxy.direct("no proxy configured") : frontendProxy;
    }

    /** No Go-style inputs set and no proxy: what a hand-built config in a test gets. */
    public static NetworkSettings defaults() {
        return new NetworkSettings(null, List.of(), null);
    }
}
