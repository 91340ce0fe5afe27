package dev.executor.config;

import java.net.IDN;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code NO_PROXY} with the rules of Go's {@code golang.org/x/net/http/httpproxy}, which Sourcegraph's executor
 * uses, so an operator's existing value means the same here. Entries are comma-separated and case-insensitive:
 * <ul>
 * <li>{@code *} alone: nothing is proxied;</li>
 * <li>an IP ({@code 10.1.2.3}, {@code ::1}, {@code [::1]:8080}), optionally with a port;</li>
 * <li>a CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}); no port;</li>
 * <li>a domain ({@code example.com}): that host and its subdomains; {@code .example.com} and
 * {@code *.example.com}: subdomains only; optionally with a port ({@code example.com:8443}).</li>
 * </ul>
 * IP entries match only IP hosts and domain entries only named hosts (no DNS lookup either way). Malformed entries
 * are ignored, as Go ignores them. Independently of the list, {@code localhost} and loopback IPs are never proxied.
 */
public final class NoProxy {

    private interface Matcher {
        boolean matches(String host, String port, InetAddress ip);
    }

    private record All() implements Matcher {
        @Override
        public boolean matches(String host, String port, InetAddress ip) {
            return true;
        }
    }

    private record Cidr(IpLiterals.Network network) implements Matcher {
        @Override
        public boolean matches(String host, String port, InetAddress ip) {
            return network.contains(ip);
        }
    }

    private record Ip(InetAddress address, String entryPort) implements Matcher {
        @Override
        public boolean matches(String host, String port, InetAddress ip) {
            return address.equals(ip) && (entryPort.isEmpty() || entryPort.equals(port));
        }
    }

    /** {@code suffix} starts with a dot; {@code matchHost}: the entry had no leading dot, so the bare name matches. */
    private record Domain(String suffix, String entryPort, boolean matchHost) implements Matcher {
        @Override
        public boolean matches(String host, String port, InetAddress ip) {
            if (ip != null) {
                return false;
            }
            boolean nameMatches = host.endsWith(suffix) || (matchHost && host.equals(suffix.substring(1)));
            return nameMatches && (entryPort.isEmpty() || entryPort.equals(port));
        }
    }

    private record Entry(String text, Matcher matcher) {
    }

    private final String value;
    private final List<Entry> ipEntries;
    private final List<Entry> domainEntries;

    private NoProxy(String value, List<Entry> ipEntries, List<Entry> domainEntries) {
        this.value = value;
        this.ipEntries = List.copyOf(ipEntries);
        this.domainEntries = List.copyOf(domainEntries);
    }

    /** Parses a {@code NO_PROXY} value; {@code null} or empty gives an empty list. Never fails. */
    public static NoProxy parse(String value) {
        String text = value == null ? "" : value;
        List<Entry> ips = new ArrayList<>();
        List<Entry> domains = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*")) {
                return new NoProxy(text, List.of(new Entry(p, new All())), List.of(new Entry(p, new All())));
            }
            IpLiterals.Network network = IpLiterals.parseCidr(p);
            if (network != null) {
                ips.add(new Entry(p, new Cidr(network)));
                continue;
            }
            String host = p;
            String port = "";
            IpLiterals.HostPort split = IpLiterals.splitHostPort(p);
            if (split != null) {
                if (split.host().isEmpty()) {
                    continue; // no host part: malformed, ignored like Go
                }
                host = split.host();
                port = split.port();
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
            }
            InetAddress ip = IpLiterals.parseIp(host);
            if (ip != null) {
                ips.add(new Entry(p, new Ip(ip, port)));
                continue;
            }
            if (host.isEmpty()) {
                continue;
            }
            if (host.startsWith("*.")) {
                host = host.substring(1);
            }
            boolean matchHost = !host.startsWith(".");
            String suffix = ascii(matchHost ? "." + host : host);
            domains.add(new Entry(p, new Domain(suffix, port, matchHost)));
        }
        return new NoProxy(text, ips, domains);
    }

    /** The value as given. */
    public String value() {
        return value;
    }

    /**
     * Go's {@code useProxy}: why a request to {@code host:port} does not go through the proxy, or empty when it
     * does. {@code host} is the URL's host (an IPv6 literal with or without brackets).
     */
    public Optional<String> bypassReason(String host, int port) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // Go compares "localhost" case-sensitively; any spelling of it is loopback, so we do not.
        if (h.equalsIgnoreCase("localhost")) {
            return Optional.of("localhost is never proxied");
        }
        InetAddress ip = IpLiterals.parseIp(h);
        if (ip != null && ip.isLoopbackAddress()) {
            return Optional.of("loopback addresses are never proxied");
        }
        String name = ascii(h.trim().toLowerCase(Locale.ROOT));
        String p = Integer.toString(port);
        if (ip != null) {
            for (Entry e : ipEntries) {
                if (e.matcher().matches(name, p, ip)) {
                    return Optional.of("NO_PROXY entry \"" + e.text() + "\" matches");
                }
            }
        }
        for (Entry e : domainEntries) {
            if (e.matcher().matches(name, p, ip)) {
                return Optional.of("NO_PROXY entry \"" + e.text() + "\" matches");
            }
        }
        return Optional.empty();
    }

    /** Whether a request to {@code host:port} goes through the proxy (Go's {@code useProxy}). */
    public boolean useProxy(String host, int port) {
        return bypassReason(host, port).isEmpty();
    }

    /** Go applies IDNA to non-ASCII names on both sides; invalid names are kept as they are. */
    private static String ascii(String name) {
        if (name.chars().allMatch(c -> c < 0x80)) {
            return name;
        }
        if (name.startsWith(".")) {
            return "." + ascii(name.substring(1)); // the JDK refuses an empty first label
        }
        try {
            return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
