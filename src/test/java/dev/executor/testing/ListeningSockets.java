package dev.executor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether one process holds a listening TCP socket on a port, read from Linux's {@code /proc}. Unlike "connecting
 * is refused", the answer cannot be changed by another process that binds the port once it is free: only sockets
 * whose file descriptor the given process holds count.
 */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** Whether process {@code pid} has a socket in state LISTEN on local port {@code port} (IPv4 or IPv6). */
    public static boolean listens(long pid, int port) {
        Set<String> inodes = listeningInodes(port);
        return !inodes.isEmpty() && socketInodes(pid).stream().anyMatch(inodes::contains);
    }

    /** The inodes of every LISTEN socket on {@code port}, whichever process holds it. */
    static Set<String> listeningInodes(int port) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (NoSuchFileException e) {
                continue; // no IPv6 in this kernel
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals(LISTEN)) {
                    inodes.add(f[9]);
                }
            }
        }
        return inodes;
    }

    /** The inodes of the sockets among the file descriptors of {@code pid}. */
    static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException e) {
                    continue; // closed while we looked
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the file descriptors of process " + pid, e);
        }
        return inodes;
    }
}
