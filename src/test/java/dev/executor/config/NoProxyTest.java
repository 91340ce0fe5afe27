package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's httpproxy NO_PROXY semantics, case by case (the cases of Go's own table plus ports, case and junk). */
class NoProxyTest {

    private static final NoProxy GO_TABLE = NoProxy.parse("foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, "
            + "192.168.1.2:81, 192.168.1.3:443, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:3]:443, "
            + "[2001:db8::52:0:4]:80, 2002:db8:a::45/64");

    @ParameterizedTest(name = "{0}:443 proxied={1}")
    @CsvSource({
            // never proxied, whatever NO_PROXY says
            "localhost, false", "LocalHost, false", "127.0.0.1, false", "127.0.0.2, false", "127.255.255.254, false",
            "::1, false", "[::1], false",
            // not loopback
            "::2, true", "[::2], true", "128.0.0.1, true",
            // IPv4 entries
            "192.168.1.1, false", // exact IP, any port
            "192.168.1.2, true", // IP with another port
            "192.168.1.3, false", // IP with this port
            "192.168.1.4, true", // no entry
            "10.0.0.1, false", "10.0.0.3, false", "10.0.0.4, true", // CIDR 10.0.0.0/30
            // IPv6 entries
            "2001:db8::52:0:1, false", "[2001:db8::52:0:1], false",
            "2001:db8::52:0:2, true",
            "2001:db8::52:0:3, false", // [IPv6]:443
            "2001:db8::52:0:4, true", // [IPv6]:80 but we connect to 443
            "2002:db8:a::123, false", // IPv6 CIDR
            "fe80::424b:c8be:1643:a1b6, true",
            // domain entries
            "barbaz.net, true", // .barbaz.net matches subdomains only
            "www.barbaz.net, false",
            "foobar.com, false", // foobar.com matches itself
            "www.foobar.com, false", // ... and subdomains
            "WWW.FooBar.COM, false", // case-insensitive
            "foofoobar.com, true", // not a label boundary
            "baz.com, true", "localhost.net, true", "local.localhost, true", "barbarbaz.net, true",
            "wildcard.io, true", // *.wildcard.io is like .wildcard.io
            "nested.wildcard.io, false", "awildcard.io, true",
    })
    void goTable(String host, boolean proxied) {
        assertEquals(proxied, GO_TABLE.useProxy(host, 443), host);
    }

    @Test
    void starAloneMeansNothingIsProxied() {
        NoProxy all = NoProxy.parse("*");
        assertFalse(all.useProxy("sourcegraph.example.com", 443));
        assertFalse(all.useProxy("10.1.2.3", 80));
        assertFalse(NoProxy.parse("example.org, * ,other").useProxy("anything.test", 443));
        assertTrue(NoProxy.parse("*.").useProxy("anything.test", 443), "only a lone * means all");
    }

    @Test
    void emptyOrUnsetProxiesEverythingButLoopback() {
        assertTrue(NoProxy.parse(null).useProxy("sourcegraph.example.com", 443));
        assertTrue(NoProxy.parse("").useProxy("10.0.0.1", 443));
        assertTrue(NoProxy.parse(" , ,").useProxy("sourcegraph.example.com", 443));
        assertFalse(NoProxy.parse("").useProxy("localhost", 3080));
    }

    @Test
    void domainPortMustMatchThePortConnectedTo() {
        NoProxy np = NoProxy.parse("sourcegraph.example.com:443");
        assertFalse(np.useProxy("sourcegraph.example.com", 443));
        assertTrue(np.useProxy("sourcegraph.example.com", 80));
        assertFalse(np.useProxy("git.sourcegraph.example.com", 443));
        assertTrue(NoProxy.parse(".example.com:8443").useProxy("a.example.com", 443));
        assertFalse(NoProxy.parse(".example.com:8443").useProxy("a.example.com", 8443));
    }

    @Test
    void ipEntriesNeverMatchNamesAndNamesNeverMatchIps() {
        // No DNS: a name is not compared with IP entries even if it would resolve to one.
        assertTrue(NoProxy.parse("10.0.0.0/8").useProxy("intranet.example.com", 443));
        assertTrue(NoProxy.parse("10.0.0.5").useProxy("ten.example.com", 443));
        assertTrue(NoProxy.parse("example.com").useProxy("93.184.216.34", 443));
        assertTrue(NoProxy.parse("3.4").useProxy("1.2.3.4", 443), "a partial IP is a domain entry, not a prefix");
    }

    @Test
    void malformedEntriesAreIgnoredAndTheRestStillApply() {
        NoProxy np = NoProxy.parse(":443, [::1, a]b, 300.1.1.1/8, 10.0.0.0/99, internal.test");
        assertTrue(np.useProxy("sourcegraph.example.com", 443));
        assertFalse(np.useProxy("internal.test", 443));
        assertTrue(NoProxy.parse("010.0.0.1").useProxy("10.0.0.1", 443), "leading zeros are not an IPv4 address in Go");
    }

    @Test
    void whitespaceAndCaseAroundEntriesDoNotMatter() {
        NoProxy np = NoProxy.parse("  Internal.EXAMPLE.com  ,\t10.0.0.0/8 ");
        assertFalse(np.useProxy("git.internal.example.com", 443));
        assertFalse(np.useProxy("10.20.30.40", 443));
    }

    @Test
    void ipv4MappedIpv6IsTheIpv4Address() {
        assertFalse(NoProxy.parse("10.0.0.0/8").useProxy("::ffff:10.1.2.3", 443));
        assertFalse(NoProxy.parse("").useProxy("::ffff:127.0.0.1", 443), "mapped loopback is loopback");
    }

    @Test
    void internationalNamesMatchTheirAsciiForm() {
        assertFalse(NoProxy.parse("bücher.example").useProxy("xn--bcher-kva.example", 443));
        assertFalse(NoProxy.parse("xn--bcher-kva.example").useProxy("shop.bücher.example", 443));
    }

    @Test
    void theReasonNamesTheEntryOrTheLoopbackRule() {
        assertEquals(Optional.of("NO_PROXY entry \".example.com\" matches"),
                NoProxy.parse("other.test,.example.com").bypassReason("sg.example.com", 443));
        assertEquals(Optional.of("loopback addresses are never proxied"), NoProxy.parse("").bypassReason("127.0.0.1", 80));
        assertEquals(Optional.of("localhost is never proxied"), NoProxy.parse("").bypassReason("localhost", 80));
        assertEquals(Optional.empty(), NoProxy.parse("other.test").bypassReason("sg.example.com", 443));
    }
}
