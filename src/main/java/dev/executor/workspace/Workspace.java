package dev.executor.workspace;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** One job's directory on the host: {@code $TMPDIR/workspace-<jobId>-<random>}. */
public final class Workspace {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    /** Creates the directory (mode 0700: other local users have no business reading job data). */
    public static Workspace create(Path parent, long jobId) {
        return createAt(choosePath(parent, jobId));
    }

    /**
     * A fresh path {@code <parent>/workspace-<jobId>-<random>} (Sourcegraph's naming), chosen before the directory
     * exists so the job journal can record it first: a crash can then never leave a workspace nobody knows of.
     */
    public static Path choosePath(Path parent, long jobId) {
        Path dir;
        do {
            dir = parent.resolve("workspace-" + jobId + "-" + Long.toUnsignedString(RANDOM.nextLong() >>> 1, 36));
        } while (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        return dir;
    }

    /** Creates the directory chosen by {@link #choosePath} (mode 0700); fails if it exists already. */
    public static Workspace createAt(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new Workspace(dir.toRealPath());
        } catch (IOException e) {
            throw new WorkspaceException("creating workspace " + dir + ": " + e, e);
        }
    }

    public static Workspace existing(Path root) {
        return new Workspace(root);
    }

    public Path root() {
        return root;
    }

    public Path scriptsDir() {
        return root.resolve(StepScripts.DIR);
    }

    /** Resolves a job-supplied relative path inside this workspace. */
    public Path resolve(String relative, String what) {
        return SafePaths.resolveInside(root, relative, what);
    }

    /** Deletes the whole tree without following symlinks (a job may have created links to anywhere). */
    public void delete() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfExists(Path p) throws IOException {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException ignored) {
            // raced with another deletion
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
