package dev.executor.queue.transport;

import dev.executor.queue.transport.UntrustedCertificateException.Reason;
import java.net.Socket;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The JDK's PKIX trust manager (host name checked too, as every HTTPS client asks it to) whose refusals become an
 * {@link UntrustedCertificateException} naming the host, the reason and the fix, instead of the JDK's "PKIX path
 * building failed: unable to find valid certification path to requested target". It never accepts anything the
 * delegate refuses.
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;

    ExplainingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw explain(e, chain, engine == null ? null : engine.getPeerHost(), engine == null ? -1 : engine.getPeerPort());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            String host = socket instanceof SSLSocket s && s.getHandshakeSession() != null
                    ? s.getHandshakeSession().getPeerHost() : null;
            throw explain(e, chain, host, socket == null ? -1 : socket.getPort());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw explain(e, chain, null, -1);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /** Classifies the delegate's refusal from its cause chain; the JDK's own text is kept as the cause. */
    static UntrustedCertificateException explain(CertificateException failure, X509Certificate[] chain, String host,
            int port) {
        String endpoint = host == null ? "the frontend" : port > 0 ? host + ":" + port : host;
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        if (leaf == null) {
            return new UntrustedCertificateException(Reason.OTHER, endpoint, "TLS certificate of " + endpoint
                    + " is not trusted: " + failure.getMessage(), failure);
        }
        Throwable expired = causeOfType(failure, CertificateExpiredException.class);
        Throwable notYetValid = causeOfType(failure, CertificateNotYetValidException.class);
        String message;
        Reason reason;
        if (expired != null) {
            X509Certificate cert = firstExpired(chain, leaf);
            reason = Reason.EXPIRED;
            message = "TLS certificate of " + endpoint + " expired on " + cert.getNotAfter().toInstant() + " (subject "
                    + name(cert.getSubjectX500Principal()) + "): renew the frontend's certificate, or correct this "
                    + "machine's clock if it is wrong";
        } else if (notYetValid != null) {
            reason = Reason.NOT_YET_VALID;
            message = "TLS certificate of " + endpoint + " is not valid before " + leaf.getNotBefore().toInstant()
                    + " (subject " + name(leaf.getSubjectX500Principal()) + "): correct this machine's clock";
        } else if (causeOfType(failure, CertPathBuilderException.class) != null) {
            reason = Reason.UNKNOWN_AUTHORITY;
            X509Certificate top = chain[chain.length - 1];
            message = "TLS certificate of " + endpoint + " is signed by an unknown certificate authority (issuer "
                    + name(top.getIssuerX500Principal()) + "): add that CA's certificate (PEM) to the file named by "
                    + "EXECUTOR_FRONTEND_CA_CERT or to the system CA bundle (/etc/ssl/certs, e.g. with "
                    + "update-ca-certificates), then restart the executor";
        } else if (isNameMismatch(failure)) {
            reason = Reason.NAME_MISMATCH;
            message = "TLS certificate of " + endpoint + " is not valid for the name \"" + host + "\" (it names "
                    + names(leaf) + "): set EXECUTOR_FRONTEND_URL to a host name the certificate covers, or reissue "
                    + "the certificate to include \"" + host + "\"";
        } else {
            reason = Reason.OTHER;
            message = "TLS certificate of " + endpoint + " is not trusted: " + failure.getMessage();
        }
        return new UntrustedCertificateException(reason, endpoint, message, failure);
    }

    /** The JDK's HostnameChecker wording ({@code sun.security.util.HostnameChecker}). */
    private static boolean isNameMismatch(CertificateException failure) {
        String m = failure.getMessage();
        return m != null && (m.startsWith("No subject alternative") || m.startsWith("No name matching"));
    }

    private static X509Certificate firstExpired(X509Certificate[] chain, X509Certificate fallback) {
        for (X509Certificate cert : chain) {
            try {
                cert.checkValidity();
            } catch (CertificateExpiredException e) {
                return cert;
            } catch (CertificateNotYetValidException e) {
                // not the expired one
            }
        }
        return fallback;
    }

    private static Throwable causeOfType(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static String name(X500Principal principal) {
        return "\"" + principal.getName(X500Principal.RFC2253) + "\"";
    }

    /** The certificate's DNS and IP names, as an operator would compare them with the URL. */
    static String names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if (Integer.valueOf(2).equals(type)) {
                        names.add("DNS:" + san.get(1));
                    } else if (Integer.valueOf(7).equals(type)) {
                        names.add("IP:" + san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // fall through to the subject
        }
        return names.isEmpty() ? "no alternative names; subject " + name(cert.getSubjectX500Principal())
                : String.join(", ", names);
    }
}
