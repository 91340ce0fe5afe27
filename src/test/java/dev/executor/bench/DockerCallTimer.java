package dev.executor.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times every Docker API call one executor makes, from outside: a Unix socket that the executor's
 * {@code DOCKER_HOST} points at and that passes every byte to the engine's socket unchanged, noting per connection
 * when each request line went up and when the answer's last byte came back (the last byte before the next answer
 * on that keep-alive connection, or before it closed; a hijacked attach stream ends when the container's output
 * does). Only for the breakdown run: the copying costs each call a little.
 */
final class DockerCallTimer implements AutoCloseable {

    /** One call: method, path with ids as {id} and no version or query, status, epoch nanos sent and answered. */
    record Call(String method, String path, int status, long sentNanos, long endNanos, int connection) {
        String op() {
            return method + " " + path;
        }
    }

    /** A request line that went up and has no answer yet. */
    private record Pending(String method, String path, long sentNanos) {
    }

    private static final Pattern REQUEST = Pattern.compile("(GET|POST|PUT|DELETE|HEAD) (/\\S*) HTTP/1\\.[01]\r?$");
    private static final Pattern RESPONSE = Pattern.compile("HTTP/1\\.[01] (\\d{3})\\b");
    private static final Set<String> OBJECTS = Set.of("containers", "networks", "exec", "volumes");
    private static final Set<String> VERBS = Set.of("create", "json", "prune");
    private static final int LINE_CAP = 8192;

    private final Path socket;
    private final Path engine;
    private final ServerSocketChannel server;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<SocketChannel> open = Collections.synchronizedList(new ArrayList<>());
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connections = new AtomicInteger();

    /** Listens on {@code socket} and forwards to the engine's socket {@code engine}. */
    DockerCallTimer(Path socket, Path engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread accept = new Thread(this::accept, "bench-docker-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    /** The value for the executor's {@code DOCKER_HOST}. */
    String dockerHost() {
        return "unix://" + socket;
    }

    /** The answered calls so far, including the last answer of each connection still open (e.g. idle in a pool). */
    List<Call> calls() {
        List<Call> out;
        synchronized (calls) {
            out = new ArrayList<>(calls);
        }
        synchronized (answers) {
            for (Answer a : answers) {
                Call c = a.current();
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(engine));
                open.add(client);
                open.add(upstream);
                int id = connections.incrementAndGet();
                ConcurrentLinkedQueue<Pending> sent = new ConcurrentLinkedQueue<>();
                start(() -> requests(client, upstream, sent), "bench-docker-proxy-up-" + id);
                start(() -> responses(upstream, client, sent, id), "bench-docker-proxy-down-" + id);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** Client → engine: notes each request line as it passes. */
    private void requests(SocketChannel from, SocketChannel to, ConcurrentLinkedQueue<Pending> sent) {
        StringBuilder line = new StringBuilder();
        pipe(from, to, (buf, n, now) -> scan(buf, n, line, l -> {
            Matcher m = REQUEST.matcher(l);
            if (m.find()) { // noted before the bytes go up, so before any answer can come
                sent.add(new Pending(m.group(1), template(m.group(2)), now));
            }
        }), null);
    }

    /** Engine → client: each status line ends the previous answer's timing and starts the next one's. */
    private void responses(SocketChannel from, SocketChannel to, ConcurrentLinkedQueue<Pending> sent, int connection) {
        StringBuilder line = new StringBuilder();
        Answer answer = new Answer(connection);
        answers.add(answer);
        pipe(from, to, (buf, n, now) -> {
            if (!answer.raw) {
                scan(buf, n, line, l -> {
                    Matcher m = RESPONSE.matcher(l);
                    if (m.find() && !sent.isEmpty()) {
                        answer.finish();
                        answer.begin(sent.poll(), Integer.parseInt(m.group(1)), now);
                    }
                });
            }
            answer.lastByte = now;
        }, answer::finish);
    }

    /** The answer in progress on one connection (written by its engine → client thread only). */
    private final class Answer {
        final int connection;
        volatile Pending request;
        volatile int status;
        volatile long lastByte;
        volatile boolean raw;

        Answer(int connection) {
            this.connection = connection;
        }

        synchronized void begin(Pending request, int status, long now) {
            this.request = request;
            this.status = status;
            this.lastByte = now;
            this.raw = status == 101; // attach: a raw stream from here on
        }

        /** The answer so far as a call, or null when none is in progress. */
        synchronized Call current() {
            Pending q = request;
            return q == null ? null : new Call(q.method(), q.path(), status, q.sentNanos(), lastByte, connection);
        }

        synchronized void finish() {
            Call c = current();
            if (c != null) {
                calls.add(c);
                request = null;
            }
        }
    }

    private interface Chunk {
        void seen(ByteBuffer buf, int n, long epochNanos);
    }

    private static void pipe(SocketChannel from, SocketChannel to, Chunk chunk, Runnable atEnd) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (true) {
                buf.clear();
                int n = from.read(buf);
                if (n < 0) {
                    break;
                }
                buf.flip();
                chunk.seen(buf.duplicate(), n, epochNanos());
                while (buf.hasRemaining()) {
                    to.write(buf);
                }
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            if (atEnd != null) {
                atEnd.run();
            }
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Feeds the bytes into {@code line}; calls {@code onLine} with each complete line (its last LINE_CAP chars). */
    private static void scan(ByteBuffer buf, int n, StringBuilder line, java.util.function.Consumer<String> onLine) {
        for (int i = 0; i < n; i++) {
            char c = (char) (buf.get() & 0xff);
            if (c == '\n') {
                onLine.accept(line.toString());
                line.setLength(0);
            } else {
                line.append(c);
                if (line.length() > LINE_CAP) {
                    line.delete(0, LINE_CAP / 2);
                }
            }
        }
    }

    /** {@code /v1.41/containers/3f2a…/start?x=1} → {@code /containers/{id}/start}. */
    static String template(String rawPath) {
        String path = rawPath.split("\\?", 2)[0].replaceFirst("^/v[0-9.]+/", "/");
        String[] seg = path.split("/", -1);
        for (int i = 2; i < seg.length; i++) {
            if (OBJECTS.contains(seg[i - 1]) && !VERBS.contains(seg[i]) && !seg[i].isEmpty()) {
                seg[i] = "{id}";
            }
        }
        return String.join("/", seg);
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (open) {
            for (SocketChannel c : open) {
                c.close();
            }
        }
        Files.deleteIfExists(socket);
    }
}
