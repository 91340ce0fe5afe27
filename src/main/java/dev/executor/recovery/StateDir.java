package dev.executor.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * {@code EXECUTOR_STATE_DIR}: the executor's state across restarts, mode 0700.
 * <pre>
 *   executor-name               the name this host and state dir keep across restarts
 *   lock                        held while an executor runs here (two on one state dir would share a name)
 *   jobs/&lt;queue&gt;-&lt;id&gt;/      one directory per job in flight, see {@link JobJournal}
 * </pre>
 * Every file is written atomically (temp file, fsync, rename, fsync of the directory), so a crash leaves either
 * the old or the new content, never a torn file.
 */
public final class StateDir {

    private static final String NAME_FILE = "executor-name";

    private final Path root;
    private FileChannel lockChannel;
    private FileLock lock;

    public StateDir(Path root) {
        this.root = root;
        createPrivateDirectories(root);
        createPrivateDirectories(jobsDir());
    }

    public Path root() {
        return root;
    }

    public Path jobsDir() {
        return root.resolve("jobs");
    }

    /** Takes the state dir for this process; fails clearly if another live executor holds it. */
    public synchronized void lock() {
        if (lock != null) {
            return;
        }
        try {
            lockChannel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            throw new IllegalStateException("EXECUTOR_STATE_DIR " + root + " cannot be locked: " + e.getMessage(), e);
        }
        if (lock == null) {
            throw new IllegalStateException("EXECUTOR_STATE_DIR " + root + " is in use by another executor process; "
                    + "give each executor its own state directory");
        }
    }

    /**
     * The executor name, {@code <hostname>-<uuid>}: read from the state dir, so a restart on the same host keeps
     * the name the frontend knows its jobs by (and can reattach to them); generated and stored when missing or
     * when it belongs to another host name.
     */
    public synchronized String executorName(String hostname) {
        Path file = root.resolve(NAME_FILE);
        try {
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (stored.startsWith(hostname + "-") && stored.length() > hostname.length() + 1
                        && stored.chars().noneMatch(Character::isWhitespace)) {
                    return stored;
                }
            }
            String name = hostname + "-" + UUID.randomUUID();
            writeAtomically(file, (name + "\n").getBytes(StandardCharsets.UTF_8));
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("reading or writing the executor name in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} and its missing parents with mode 0700. */
    static void createPrivateDirectories(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("creating state directory " + dir + ": " + e, e);
        }
    }

    /** Replaces {@code file} with {@code content} atomically and durably; the file gets mode 0600. */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path dir = file.getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the rename itself must survive a power loss
            } catch (IOException e) {
                // some file systems refuse to open directories; the rename is still atomic
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
