package dev.executor.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A forward proxy for frontend requests, parsed from {@code HTTP(S)_PROXY} the way Go reads it: a full URL, or
 * {@code host[:port]} meaning {@code http://host[:port]}; the port defaults to 80. Credentials in the URL
 * ({@code http://user:password@host:port}, percent-encoded) are sent as Basic proxy authorization and are never
 * shown: {@link #toString()} and {@link #masked(String)} hide them.
 *
 * <p>Only {@code http://} proxies are supported (plain HTTP to the proxy, {@code CONNECT} tunnels for https
 * frontends), which is what corporate proxies offer; {@code https://} and {@code socks5://} proxies are refused
 * at start-up rather than silently bypassed.
 *
 * @param variable the variable it was read from, e.g. {@code HTTPS_PROXY}
 * @param host     the proxy's host name or IP (IPv6 without brackets)
 * @param port     the proxy's port
 * @param username {@code null} without credentials
 * @param password {@code null} without a password
 */
public record ProxySettings(String variable, String host, int port, String username, String password) {

    private static final Pattern URL = Pattern.compile("(?:([A-Za-z][A-Za-z0-9+.-]*)://)?([^/?#]*)(.*)", Pattern.DOTALL);
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final String HIDDEN_CREDENTIALS = SecretMask.HIDDEN + "@";

    /**
     * Parses {@code raw}.
     *
     * @throws IllegalArgumentException saying what is wrong, without the credentials
     */
    public static ProxySettings parse(String variable, String raw) {
        Matcher m = URL.matcher(raw.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a URL");
        }
        String scheme = m.group(1) == null ? "http" : m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(scheme + ":// proxies are not supported");
        }
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hostPort = authority.substring(at + 1);
        String host = hostPort;
        String portText = "";
        IpLiterals.HostPort split = IpLiterals.splitHostPort(hostPort);
        if (split != null) {
            host = split.host();
            portText = split.port();
        } else if (hostPort.startsWith("[") && hostPort.endsWith("]")) {
            host = hostPort.substring(1, hostPort.length() - 1);
        } else if (hostPort.contains(":")) {
            throw new IllegalArgumentException("malformed host:port");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no proxy host");
        }
        int port = 80;
        if (!portText.isEmpty()) {
            if (!PORT.matcher(portText).matches() || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                throw new IllegalArgumentException("the port must be a number from 1 to 65535");
            }
            port = Integer.parseInt(portText);
        }
        String username = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : percentDecode(userInfo.substring(colon + 1));
        }
        return new ProxySettings(variable, host, port, username, password);
    }

    /** Whether requests must carry proxy credentials. */
    public boolean hasCredentials() {
        return username != null;
    }

    /** The proxy as a URL with the credentials hidden: {@code http://********@proxy.example.com:3128}. */
    public String display() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "http://" + (hasCredentials() ? HIDDEN_CREDENTIALS : "") + h + ":" + port;
    }

    /** {@code raw} with any {@code user:password@} part replaced, for error messages about a value that did not parse. */
    public static String masked(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = URL.matcher(raw);
        if (!m.matches() || m.group(2).lastIndexOf('@') < 0) {
            return raw;
        }
        String authority = m.group(2);
        String prefix = m.group(1) == null ? "" : m.group(1) + "://";
        return prefix + HIDDEN_CREDENTIALS + authority.substring(authority.lastIndexOf('@') + 1) + m.group(3);
    }

    /** URL percent-decoding; unlike {@code URLDecoder}, {@code +} stays a plus. Malformed escapes are kept. */
    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    @Override
    public String toString() {
        return display() + " (from " + variable + ")";
    }
}
