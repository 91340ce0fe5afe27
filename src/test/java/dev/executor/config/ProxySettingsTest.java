package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxySettingsTest {

    @ParameterizedTest(name = "{0} -> {1}:{2}")
    @CsvSource(delimiter = '|', value = {
            "http://proxy.example.com:3128      | proxy.example.com | 3128",
            "HTTP://Proxy.Example.com:3128/     | Proxy.Example.com | 3128",
            "http://proxy.example.com           | proxy.example.com | 80",
            "proxy.example.com:3128             | proxy.example.com | 3128", // no scheme: http, as Go
            "proxy.example.com                  | proxy.example.com | 80",
            "10.0.0.1:8080                      | 10.0.0.1          | 8080",
            "http://[fd00::1]:3128              | fd00::1           | 3128",
            "[fd00::1]                          | fd00::1           | 80",
            "http://my_proxy.corp:3128          | my_proxy.corp     | 3128", // underscores, which java.net.URI refuses
    })
    void parsesHostAndPortLikeGo(String raw, String host, int port) {
        ProxySettings p = ProxySettings.parse("HTTPS_PROXY", raw);
        assertEquals(host, p.host());
        assertEquals(port, p.port());
        assertFalse(p.hasCredentials());
        assertEquals("HTTPS_PROXY", p.variable());
    }

    @Test
    void credentialsArePercentDecodedAndNeverShown() {
        ProxySettings p = ProxySettings.parse("HTTPS_PROXY", "http://al%40ce:p%3Ass+w0rd@proxy.corp:3128");
        assertEquals("al@ce", p.username());
        assertEquals("p:ss+w0rd", p.password());
        assertTrue(p.hasCredentials());
        assertEquals("http://********@proxy.corp:3128", p.display());
        assertEquals("http://********@proxy.corp:3128 (from HTTPS_PROXY)", p.toString());
        assertFalse(p.toString().contains("w0rd"));
        assertFalse(p.toString().contains("al"));
    }

    @Test
    void userWithoutPasswordAndSchemelessCredentials() {
        ProxySettings p = ProxySettings.parse("HTTP_PROXY", "bob@proxy.corp:3128");
        assertEquals("bob", p.username());
        assertNull(p.password());
        ProxySettings q = ProxySettings.parse("HTTP_PROXY", "bob:secret@proxy.corp");
        assertEquals("secret", q.password());
        assertEquals(80, q.port());
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', value = {
            "https://proxy.example.com:3128 | https:// proxies are not supported",
            "socks5://proxy.example.com:1080 | socks5:// proxies are not supported",
            "http://:3128 | no proxy host",
            "http:// | no proxy host",
            "http://proxy:99999 | the port must be a number from 1 to 65535",
            "http://proxy:0 | the port must be a number from 1 to 65535",
            "http://proxy:http | the port must be a number from 1 to 65535",
            "http://fd00::1:3128 | malformed host:port",
    })
    void refusesWhatItCannotUse(String raw, String why) {
        assertEquals(why, assertThrows(IllegalArgumentException.class, () -> ProxySettings.parse("HTTPS_PROXY", raw))
                .getMessage());
    }

    @Test
    void maskedHidesCredentialsOfUnparsedValues() {
        assertEquals("socks5://********@proxy:1080/x", ProxySettings.masked("socks5://u:pw@proxy:1080/x"));
        assertEquals("********@proxy:99999", ProxySettings.masked("u:pw@proxy:99999"));
        assertEquals("http://proxy:3128", ProxySettings.masked("http://proxy:3128"));
        assertNull(ProxySettings.masked(null));
    }
}
