package dev.executor.queue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.tls.StaticCertificate;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where trusted certificates come from, read like Go's crypto/x509 on Linux, on top of the JVM's. */
class TrustMaterialTest {

    static boolean trusts(TrustMaterial t, String subject) throws Exception {
        KeyStore ks = t.keyStore();
        for (String alias : Collections.list(ks.aliases())) {
            if (((X509Certificate) ks.getCertificate(alias)).getSubjectX500Principal().getName().equals(subject)) {
                return true;
            }
        }
        return false;
    }

    static int jvmCount() {
        TrustMaterial none = TrustMaterial.load(List.of(), List.of(), Map.of());
        return Integer.parseInt(none.sources().get(0).replaceAll("\\D+", " ").trim().split(" ")[0]);
    }

    @Test
    void jvmDefaultsAreAlwaysThere() throws Exception {
        TrustMaterial t = TrustMaterial.load(List.of(), List.of(), Map.of());
        assertTrue(t.sources().get(0).startsWith("JVM default trust store: "), t.sources().toString());
        assertTrue(t.keyStore().size() > 50, "the JDK ships public CAs: " + t.keyStore().size());
        assertTrue(t.sources().get(1).startsWith("no CA bundle at"), t.sources().toString());
    }

    @Test
    void onlyTheFirstReadableBundleIsRead(@TempDir Path dir) throws Exception {
        Path first = Files.writeString(dir.resolve("first.pem"), "# comment\n" + StaticCertificate.PEM);
        Path second = Files.writeString(dir.resolve("second.pem"), "not read");
        TrustMaterial t = TrustMaterial.load(List.of(dir.resolve("missing.crt"), first, second), List.of(), Map.of());
        assertEquals("bundle " + first + ": 1 certificate", t.sources().get(1));
        assertTrue(trusts(t, StaticCertificate.SUBJECT));
    }

    @Test
    void directoriesAreReadFileByFileSkippingHashLinksAndJunk(@TempDir Path dir) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Path ca = Files.writeString(certs.resolve("unit-ca.pem"), StaticCertificate.PEM);
        Files.createSymbolicLink(certs.resolve("0123abcd.0"), Path.of("unit-ca.pem")); // c_rehash link: skipped
        Path elsewhere = Files.writeString(dir.resolve("outside.crt"), StaticCertificate.PEM);
        Files.createSymbolicLink(certs.resolve("linked.pem"), elsewhere); // link out of the directory: read
        Files.writeString(certs.resolve("README"), "not a certificate");
        Files.createDirectories(certs.resolve("subdir"));
        TrustMaterial t = TrustMaterial.load(List.of(), List.of(dir.resolve("nope"), certs), Map.of());
        assertEquals("directory " + certs + " (2 files): 2 certificates", t.sources().get(2), t.sources().toString());
        assertTrue(trusts(t, StaticCertificate.SUBJECT));
        assertEquals(jvmCount() + 1, t.keyStore().size(), "the same certificate twice counts once");
        assertTrue(Files.exists(ca));
    }

    @Test
    void extraFilesAreLabelledAndMustBeReadable(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), StaticCertificate.PEM);
        TrustMaterial t = TrustMaterial.load(List.of(), List.of(), Map.of("EXECUTOR_FRONTEND_CA_CERT", ca));
        assertEquals("EXECUTOR_FRONTEND_CA_CERT " + ca + ": 1 certificate", t.sources().get(2));
        assertTrue(t.sources().get(3).endsWith("distinct certificates in all"));
        assertTrue(trusts(t, StaticCertificate.SUBJECT));
        assertThrows(UncheckedIOException.class, () -> TrustMaterial.load(List.of(), List.of(),
                Map.of("EXECUTOR_FRONTEND_CA_CERT", dir.resolve("gone.pem"))));
    }

    @Test
    void aBlockThatDecodesButIsNoCertificateIsSkippedAndNotCounted(@TempDir Path dir) throws Exception {
        String junk = "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString("not DER at all".getBytes()) + "\n-----END CERTIFICATE-----\n";
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), junk + StaticCertificate.PEM + junk);
        TrustMaterial t = TrustMaterial.load(List.of(bundle), List.of(), Map.of());
        assertEquals("bundle " + bundle + ": 1 certificate", t.sources().get(1));
        assertEquals(jvmCount() + 1, t.keyStore().size());
    }
}
