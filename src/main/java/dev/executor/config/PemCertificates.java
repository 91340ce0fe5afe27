package dev.executor.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates from PEM text, read like Go's {@code CertPool.AppendCertsFromPEM}: every
 * {@code -----BEGIN CERTIFICATE-----} block is decoded; other blocks (keys, {@code TRUSTED CERTIFICATE}), text
 * between blocks and blocks that do not parse are skipped, so one odd file in a CA directory spoils nothing.
 */
public final class PemCertificates {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    private PemCertificates() {
    }

    public static List<X509Certificate> parse(String pem) {
        List<X509Certificate> certs = new ArrayList<>();
        for (byte[] der : derBlocks(pem)) {
            X509Certificate cert = certificate(der);
            if (cert != null) {
                certs.add(cert);
            }
        }
        return certs;
    }

    /**
     * The DER bytes of every certificate block, undecoded: cheap next to parsing, so a caller can skip certificates
     * it already has (a CA directory repeats the system bundle) and parse only the new ones with {@link #certificate}.
     */
    public static List<byte[]> derBlocks(String pem) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            try {
                blocks.add(Base64.getMimeDecoder().decode(m.group(1)));
            } catch (IllegalArgumentException e) {
                // skipped, as Go skips a block that does not decode
            }
        }
        return blocks;
    }

    /** The certificate {@code der} encodes, or null when it does not parse (Go skips such a block). */
    public static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            return null;
        }
    }

    /** The blocks of {@code file} (see {@link #derBlocks}); an unreadable file throws. */
    public static List<byte[]> readDer(Path file) throws IOException {
        return derBlocks(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    }

    /** The certificates in {@code file}; an unreadable file throws, one without certificates gives an empty list. */
    public static List<X509Certificate> read(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    }

    /** Whether {@code file} is a readable file holding at least one certificate. */
    static boolean hasCertificate(Path file) {
        try {
            return Files.isRegularFile(file) && !read(file).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    }
}
