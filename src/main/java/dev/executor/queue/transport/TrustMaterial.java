package dev.executor.queue.transport;

import dev.executor.config.PemCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The CA certificates the executor trusts for the frontend, read once at start-up: the JVM's default trust store,
 * then what a Go program on this host trusts (the first system bundle that exists, or {@code SSL_CERT_FILE}; every
 * file in the system CA directories, or in {@code SSL_CERT_DIR}), then the extra files
 * ({@code EXECUTOR_FRONTEND_CA_CERT}). Duplicates count once. A certificate added to the system bundle is picked up
 * at the next restart, as with Go.
 */
public final class TrustMaterial {

    /** Go's {@code crypto/x509} bundle locations on Linux, in its order; the first readable one is used. */
    public static final List<Path> SYSTEM_BUNDLES = List.of(
            Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"),
            Path.of("/etc/ssl/ca-bundle.pem"),
            Path.of("/etc/pki/tls/cacert.pem"),
            Path.of("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"),
            Path.of("/etc/ssl/cert.pem"));

    /** Go's {@code crypto/x509} CA directories on Linux. */
    public static final List<Path> SYSTEM_DIRECTORIES = List.of(Path.of("/etc/ssl/certs"), Path.of("/etc/pki/tls/certs"));

    private final KeyStore keyStore;
    private final X509ExtendedTrustManager trustManager;
    private final SSLContext sslContext;
    private final List<String> sources;

    private TrustMaterial(KeyStore keyStore, X509ExtendedTrustManager trustManager, SSLContext sslContext,
            List<String> sources) {
        this.keyStore = keyStore;
        this.trustManager = trustManager;
        this.sslContext = sslContext;
        this.sources = List.copyOf(sources);
    }

    /**
     * Loads the trust.
     *
     * @param bundleCandidates files of which the first readable one is read (Go's system bundle list, or
     *                         {@code SSL_CERT_FILE} alone)
     * @param directories      directories whose every file is read (missing ones are skipped)
     * @param extraFiles       label (such as {@code EXECUTOR_FRONTEND_CA_CERT}) to a PEM file that must be readable
     */
    public static TrustMaterial load(List<Path> bundleCandidates, List<Path> directories, Map<String, Path> extraFiles) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<String> sources = new ArrayList<>();
            sources.add(add(store, "JVM default trust store", jvmDefaults()));
            sources.add(bundle(store, bundleCandidates));
            for (Path dir : directories) {
                directory(store, dir).ifPresent(sources::add);
            }
            for (Map.Entry<String, Path> extra : extraFiles.entrySet()) {
                sources.add(add(store, extra.getKey() + " " + extra.getValue(), read(extra.getValue())));
            }
            sources.add(store.size() + " distinct certificates in all");
            X509ExtendedTrustManager trustManager = new ExplainingTrustManager(pkix(store));
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {trustManager}, null);
            return new TrustMaterial(store, trustManager, ssl, sources);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("building the TLS trust store: " + e, e);
        }
    }

    /** Every trusted CA certificate, as a key store of trusted-certificate entries (no password). */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** Checks the frontend's certificate and host name against {@link #keyStore()}, explaining refusals. */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** A TLS context trusting exactly {@link #keyStore()}, for clients that take an {@link SSLContext}. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** What was read from where, for the start-up log and {@code validate}. */
    public List<String> sources() {
        return sources;
    }

    private static String bundle(KeyStore store, List<Path> candidates) throws GeneralSecurityException {
        for (Path file : candidates) {
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                try {
                    return addPem(store, "bundle " + file, PemCertificates.readDer(file));
                } catch (IOException e) {
                    // unreadable after all: try the next one, as Go does
                }
            }
        }
        return "no CA bundle at " + candidates.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("-");
    }

    /** Go's {@code readUniqueDirectoryEntries}: symlinks to files in the same directory (hash links) are skipped. */
    private static Optional<String> directory(KeyStore store, Path dir) throws GeneralSecurityException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<byte[]> blocks = new ArrayList<>();
        int files = 0;
        TreeSet<Path> entries = new TreeSet<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            return Optional.of("directory " + dir + ": unreadable (" + e.getMessage() + ")");
        }
        for (Path entry : entries) {
            if (isSameDirectorySymlink(entry) || !Files.isRegularFile(entry)) {
                continue;
            }
            try {
                List<byte[]> found = PemCertificates.readDer(entry);
                if (!found.isEmpty()) {
                    files++;
                    blocks.addAll(found);
                }
            } catch (IOException e) {
                // an unreadable file is skipped, as Go skips it
            }
        }
        return Optional.of(addPem(store, "directory " + dir + " (" + files + " files)", blocks));
    }

    private static boolean isSameDirectorySymlink(Path entry) {
        if (!Files.isSymbolicLink(entry)) {
            return false;
        }
        try {
            return !Files.readSymbolicLink(entry).toString().contains("/");
        } catch (IOException e) {
            return false;
        }
    }

    private static List<X509Certificate> read(Path file) {
        try {
            return PemCertificates.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading CA certificates from " + file, e);
        }
    }

    private static List<X509Certificate> jvmDefaults() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return Arrays.stream(tmf.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .flatMap(tm -> Arrays.stream(((X509TrustManager) tm).getAcceptedIssuers()))
                .toList();
    }

    /**
     * Adds PEM-decoded certificates, parsing only those the store does not hold yet: the system bundle and CA
     * directory mostly repeat the JVM's defaults, and parsing hundreds of certificates costs a few hundred
     * milliseconds of start-up. Blocks that do not parse are skipped and not counted.
     */
    private static String addPem(KeyStore store, String label, List<byte[]> blocks) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        int count = 0;
        for (byte[] der : blocks) {
            String alias = HexFormat.of().formatHex(sha256.digest(der));
            if (store.containsAlias(alias)) {
                count++;
                continue;
            }
            X509Certificate cert = PemCertificates.certificate(der);
            if (cert != null) {
                store.setCertificateEntry(alias, cert);
                count++;
            }
        }
        return label + ": " + count + (count == 1 ? " certificate" : " certificates");
    }

    private static String add(KeyStore store, String label, List<X509Certificate> certs) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (X509Certificate cert : certs) {
            String alias = HexFormat.of().formatHex(sha256.digest(cert.getEncoded()));
            if (!store.containsAlias(alias)) {
                store.setCertificateEntry(alias, cert);
            }
        }
        return label + ": " + certs.size() + (certs.size() == 1 ? " certificate" : " certificates");
    }

    private static X509ExtendedTrustManager pkix(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        return Arrays.stream(tmf.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new GeneralSecurityException("the JDK's PKIX trust manager factory made no X509ExtendedTrustManager"));
    }
}
