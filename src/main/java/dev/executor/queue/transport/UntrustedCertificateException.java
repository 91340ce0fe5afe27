package dev.executor.queue.transport;

import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * The frontend's TLS certificate was refused, with a message an operator can act on: which host, why (unknown
 * authority, expired, not yet valid, wrong name) and what to do. Thrown by {@link ExplainingTrustManager} inside the
 * handshake, so it is the cause (or a cause's cause) of whatever exception the HTTP client surfaces; find it with
 * {@link #in(Throwable)}.
 *
 * <p>Such a failure does not go away by retrying the request, so the retry policy stops at once on it.
 */
public final class UntrustedCertificateException extends CertificateException {

    private static final long serialVersionUID = 1L;

    /** Why the certificate was refused. */
    public enum Reason {
        UNKNOWN_AUTHORITY, EXPIRED, NOT_YET_VALID, NAME_MISMATCH, OTHER
    }

    private final transient Reason reason;
    private final String endpoint;

    UntrustedCertificateException(Reason reason, String endpoint, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.endpoint = endpoint;
    }

    public Reason reason() {
        return reason;
    }

    /** {@code host:port} of the server that presented the certificate. */
    public String endpoint() {
        return endpoint;
    }

    /** The explanation in {@code failure}'s cause chain, if the failure was a refused certificate. */
    public static Optional<UntrustedCertificateException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UntrustedCertificateException u) {
                return Optional.of(u);
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof UntrustedCertificateException u) {
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }
}
