package dev.executor.testing.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway certificate authority made with the JDK's {@code keytool} (no library, nothing downloaded): a CA
 * whose PEM certificate a test hands to the executor, and server certificates it signs for whatever names and
 * validity a test needs (wrong names, expired).
 */
public final class TestPki {

    private static final String PASSWORD = "changeit";

    private final Path dir;
    private final String caName;

    private TestPki(Path dir, String caName) {
        this.dir = dir;
        this.caName = caName;
    }

    /** Makes a CA named {@code CN=<caName>} in {@code dir}. */
    public static TestPki create(Path dir, String caName) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TestPki pki = new TestPki(dir, caName);
        pki.keytool("-genkeypair", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-alias", "ca", "-dname", "CN=" + caName, "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "3", "-ext", "bc:c");
        pki.keytool("-exportcert", "-keystore", "ca.p12", "-storepass", PASSWORD, "-alias", "ca", "-rfc",
                "-file", "ca.pem");
        return pki;
    }

    /** The CA certificate as a PEM file: what goes into {@code EXECUTOR_FRONTEND_CA_CERT}. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** {@code CN=<caName>}. */
    public String caSubject() {
        return "CN=" + caName;
    }

    /** A server certificate valid now for {@code sans} (keytool syntax: {@code dns:localhost}, {@code ip:127.0.0.1}). */
    public SSLContext serverContext(String name, String... sans) {
        return serverContext(name, null, 2, sans);
    }

    /**
     * A server certificate for {@code sans}, valid for {@code days} from {@code startDate} (keytool's relative form
     * such as {@code -10d}; {@code null} for now), as a TLS context presenting it with the CA above it.
     */
    public SSLContext serverContext(String name, String startDate, int days, String... sans) {
        String store = name + ".p12";
        keytool("-genkeypair", "-keystore", store, "-storetype", "PKCS12", "-storepass", PASSWORD, "-alias", "server",
                "-dname", "CN=" + name, "-keyalg", "EC", "-groupname", "secp256r1");
        keytool("-certreq", "-keystore", store, "-storepass", PASSWORD, "-alias", "server", "-file", name + ".csr");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-keystore", "ca.p12", "-storepass", PASSWORD,
                "-alias", "ca", "-infile", name + ".csr", "-outfile", name + ".pem", "-rfc",
                "-ext", "EKU=serverAuth", "-validity", Integer.toString(days)));
        if (sans.length > 0) {
            gencert.addAll(List.of("-ext", "SAN=" + String.join(",", sans)));
        }
        if (startDate != null) {
            gencert.addAll(List.of("-startdate", startDate));
        }
        keytool(gencert.toArray(String[]::new));
        try {
            KeyStore generated = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(store))) {
                generated.load(in, PASSWORD.toCharArray());
            }
            PrivateKey key = (PrivateKey) generated.getKey("server", PASSWORD.toCharArray());
            Certificate[] chain = {certificate(dir.resolve(name + ".pem")), certificate(caPem())};
            KeyStore withChain = KeyStore.getInstance("PKCS12");
            withChain.load(null, null);
            withChain.setKeyEntry("server", key, PASSWORD.toCharArray(), chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(withChain, PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("building the server TLS context for " + name, e);
        }
    }

    private static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // keytool is short-lived: a JVM that does not optimise starts faster, which matters on a busy machine.
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("running keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running keytool", e);
        }
    }
}
