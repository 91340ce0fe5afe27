package dev.executor.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP literals, CIDRs and {@code host:port} splitting as Go's {@code net} package reads them, without DNS:
 * {@link InetAddress#getByName} would resolve a name, and proxy rules must never depend on a lookup.
 */
final class IpLiterals {

    /** Four decimal octets; Go rejects leading zeros ({@code 010.0.0.1}) since 1.17. */
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    record HostPort(String host, String port) {
    }

    /** An address and prefix length; {@link #contains} compares the first {@code bits} bits. */
    record Network(byte[] address, int bits) {
        boolean contains(InetAddress ip) {
            if (ip == null) {
                return false;
            }
            byte[] candidate = ip.getAddress();
            if (candidate.length != address.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((candidate[i / 8] & mask) != (address[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private IpLiterals() {
    }

    /** The address written in {@code text} (IPv4 dotted quad or IPv6 without brackets), or null. */
    static InetAddress parseIp(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            if (text.indexOf(':') >= 0) {
                // Brackets make the JDK parse a literal or fail; it never resolves a bracketed name.
                return IPV6_CHARS.matcher(text).matches() ? InetAddress.getByName("[" + text + "]") : null;
            }
            if (!IPV4.matcher(text).matches()) {
                return null;
            }
            String[] parts = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code ip/bits} as Go's {@code net.ParseCIDR}, or null. */
    static Network parseCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        InetAddress ip = parseIp(text.substring(0, slash));
        String bitsText = text.substring(slash + 1);
        if (ip == null || !bitsText.matches("[0-9]{1,3}")) {
            return null;
        }
        int bits = Integer.parseInt(bitsText);
        int max = ip instanceof Inet4Address ? 32 : 128;
        return bits > max ? null : new Network(ip.getAddress(), bits);
    }

    /** Go's {@code net.SplitHostPort}: null where Go returns an error (no port, too many colons, stray brackets). */
    static HostPort splitHostPort(String hostport) {
        int lastColon = hostport.lastIndexOf(':');
        if (lastColon < 0) {
            return null;
        }
        String host;
        int noOpenFrom = 0;
        int noCloseFrom = 0;
        if (hostport.startsWith("[")) {
            int end = hostport.indexOf(']');
            if (end < 0 || end + 1 != lastColon) {
                return null;
            }
            host = hostport.substring(1, end);
            noOpenFrom = 1;
            noCloseFrom = end + 1;
        } else {
            host = hostport.substring(0, lastColon);
            if (host.indexOf(':') >= 0) {
                return null;
            }
        }
        if (hostport.indexOf('[', noOpenFrom) >= 0 || hostport.indexOf(']', noCloseFrom) >= 0) {
            return null;
        }
        return new HostPort(host, hostport.substring(lastColon + 1));
    }
}
