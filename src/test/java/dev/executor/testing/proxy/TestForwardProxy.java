package dev.executor.testing.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP forward proxy on 127.0.0.1 for tests: {@code CONNECT} tunnels (https targets) and absolute-form
 * requests (http targets), optionally requiring Basic proxy credentials (407 otherwise), logging every request it
 * receives. It only reaches the host names in its map (e.g. {@code frontend.executor-test.invalid} to
 * {@code 127.0.0.1}): a name that no resolver knows can then only be reached through the proxy, which proves that
 * a client went through it; anything else gets 502.
 *
 * <p>Why not Debian's tinyproxy: it resolves target names with the system resolver, and a test may not edit
 * {@code /etc/hosts}, while the executor (like Go) never proxies {@code localhost} or loopback IPs; so there is no
 * name a real proxy here could both receive and resolve to the test's frontend.
 */
public final class TestForwardProxy implements Closeable {

    /** One request as the proxy received it; {@code target} is {@code host:port} or the absolute URI. */
    public record Request(String method, String target, boolean authorized) {
    }

    private final ServerSocket server;
    private final Map<String, String> hosts;
    private final String expectedAuthorization;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    private TestForwardProxy(Map<String, String> hosts, String user, String password) throws IOException {
        this.hosts = Map.copyOf(hosts);
        this.expectedAuthorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptLoop, "test-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy reaching {@code hosts} (name to real host), requiring {@code user}/{@code password} unless user is null. */
    public static TestForwardProxy start(Map<String, String> hosts, String user, String password) {
        try {
            return new TestForwardProxy(hosts, user, password);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every request received, in order, including refused ones. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closed = true;
        quietly(server);
        synchronized (sockets) {
            sockets.forEach(TestForwardProxy::quietly);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread t = new Thread(() -> serve(client), "test-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        String upstreamAuthority = null;
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (!closed) {
                List<String> head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] line = head.get(0).split(" ");
                if (line.length != 3) {
                    respond(out, 400, "Bad Request");
                    return;
                }
                String authorization = header(head, "Proxy-Authorization");
                boolean authorized = expectedAuthorization == null || expectedAuthorization.equals(authorization);
                requests.add(new Request(line[0], line[1], authorized));
                if (!authorized) {
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return;
                }
                if (line[0].equals("CONNECT")) {
                    tunnel(line[1], in, out);
                    return;
                }
                URI uri = URI.create(line[1]);
                String authority = uri.getHost() + ":" + (uri.getPort() == -1 ? 80 : uri.getPort());
                if (!authority.equals(upstreamAuthority)) {
                    quietly(upstream);
                    upstream = connect(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
                    if (upstream == null) {
                        respond(out, 502, "Bad Gateway");
                        return;
                    }
                    upstreamAuthority = authority;
                    pump(upstream.getInputStream(), out, client);
                }
                forward(head, uri, in, upstream.getOutputStream());
            }
        } catch (IOException e) {
            // the client or the target went away: the connection ends
        } finally {
            quietly(upstream);
        }
    }

    private void tunnel(String authority, InputStream in, OutputStream out) throws IOException {
        int colon = authority.lastIndexOf(':');
        Socket target = colon < 0 ? null : connect(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
        if (target == null) {
            respond(out, 502, "Bad Gateway");
            return;
        }
        try (target) {
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread back = pump(target.getInputStream(), out, null);
            in.transferTo(target.getOutputStream());
            target.shutdownOutput();
            back.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the request in origin form without the proxy headers, then its body (by length or chunks). */
    private static void forward(List<String> head, URI uri, InputStream in, OutputStream upstream) throws IOException {
        String[] line = head.get(0).split(" ");
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder b = new StringBuilder(line[0]).append(' ').append(path).append(' ').append(line[2]).append("\r\n");
        for (String h : head.subList(1, head.size())) {
            String name = h.substring(0, Math.max(0, h.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
            if (!name.equals("proxy-authorization") && !name.equals("proxy-connection")) {
                b.append(h).append("\r\n");
            }
        }
        b.append("Via: 1.1 test-proxy\r\n\r\n");
        upstream.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        String length = header(head, "Content-Length");
        if ("chunked".equalsIgnoreCase(header(head, "Transfer-Encoding"))) {
            copyChunks(in, upstream);
        } else if (length != null) {
            copyExactly(in, upstream, Long.parseLong(length.trim()));
        }
        upstream.flush();
    }

    private static void copyChunks(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return;
            }
            copyExactly(in, out, size);
            out.write((readLine(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buf = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("body ended early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private Socket connect(String host, int port) {
        String real = hosts.get(host.toLowerCase(Locale.ROOT));
        if (real == null) {
            return null;
        }
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(real, port), 5_000);
            sockets.add(s);
            return s;
        } catch (IOException e) {
            return null;
        }
    }

    /** Copies {@code from} to {@code to} on its own thread; closes {@code owner} (if any) when {@code from} ends. */
    private static Thread pump(InputStream from, OutputStream to, Socket owner) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
                to.flush();
            } catch (IOException e) {
                // one side went away
            } finally {
                quietly(owner);
            }
        }, "test-proxy-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void respond(OutputStream out, int status, String reason) throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String header(List<String> head, String name) {
        for (String h : head.subList(1, head.size())) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The request line and header lines, or null at a clean end of stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return lines.isEmpty() ? null : lines;
            }
            if (line.isEmpty()) {
                if (lines.isEmpty()) {
                    continue;
                }
                return lines;
            }
            lines.add(line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void quietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
