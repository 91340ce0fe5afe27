package dev.executor.testing.tls;

/**
 * A self-signed CA certificate (no key kept) valid until 2126, for tests that only need a well-formed PEM file:
 * config checks and trust-store loading. Tests that need a TLS server make their own with {@link TestPki}.
 */
public final class StaticCertificate {

    public static final String SUBJECT = "CN=Executor Unit Test CA";

    public static final String PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBljCCAT2gAwIBAgIUC6vX9lvXa3jnUbi5EDEcGl2+bDMwCgYIKoZIzj0EAwIw
            IDEeMBwGA1UEAwwVRXhlY3V0b3IgVW5pdCBUZXN0IENBMCAXDTI2MTEyODAwNDcy
            MFoYDzIxMjYxMTA0MDA0NzIwWjAgMR4wHAYDVQQDDBVFeGVjdXRvciBVbml0IFRl
            c3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARVxHTxTakk7zWz6eAhrSy6
            WMo+chIT+pGkCymGTt+ah+i94Rm78zIZQcmHVYEX4HV5lPUHrS7sgzUu3evAtLDG
            o1MwUTAdBgNVHQ4EFgQUKa3pUF1rivdjSRupjM6zKjJWmmswHwYDVR0jBBgwFoAU
            Ka3pUF1rivdjSRupjM6zKjJWmmswDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD
            AgNHADBEAiBZHTMZ/iE9TDz4O6C8ZFT9aCKHh0yl/q0ljl05WKPovwIgG17VTLhN
            gDFqIlU33PkyuQ9jdDtcup6N3S0etpiGIe0=
            -----END CERTIFICATE-----
            """;

    private StaticCertificate() {
    }
}
