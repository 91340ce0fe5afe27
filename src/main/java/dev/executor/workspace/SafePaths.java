package dev.executor.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves job-supplied relative paths (files, step dirs, the repository directory) inside a workspace.
 * Refuses absolute paths, {@code ..} that leaves the root, and any existing component that is a symlink
 * pointing outside, so nothing is ever read or written outside the workspace.
 */
public final class SafePaths {

    private SafePaths() {
    }

    /**
     * @param what names the field for the error, e.g. {@code file path} or {@code step "build" dir}
     */
    public static Path resolveInside(Path root, String relative, String what) {
        String rel = relative == null ? "" : relative;
        if (rel.indexOf('\0') >= 0) {
            throw new WorkspaceException(what + " \"" + rel.replace("\0", "\\0") + "\" contains a NUL byte");
        }
        if (rel.startsWith("/")) {
            throw new WorkspaceException(what + " \"" + rel + "\" is absolute; it must be relative to the workspace");
        }
        Path normalizedRoot = root.toAbsolutePath().normalize();
        Path target = normalizedRoot.resolve(rel).normalize();
        if (!target.startsWith(normalizedRoot)) {
            throw new WorkspaceException(what + " \"" + rel + "\" escapes the workspace");
        }
        checkNoSymlinkEscape(normalizedRoot, target, rel, what);
        return target;
    }

    /** Walks the existing components of {@code target}; a symlink among them must resolve inside the root. */
    private static void checkNoSymlinkEscape(Path root, Path target, String rel, String what) {
        try {
            Path realRoot = root.toRealPath();
            Path current = root;
            for (Path part : root.relativize(target)) {
                current = current.resolve(part);
                if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                    return;
                }
                if (Files.isSymbolicLink(current)) {
                    Path real = current.toRealPath();
                    if (!real.startsWith(realRoot)) {
                        throw new WorkspaceException(what + " \"" + rel + "\" passes through a symlink that leaves the workspace");
                    }
                }
            }
        } catch (IOException e) {
            // a dangling link or a race: refuse rather than guess
            throw new WorkspaceException(what + " \"" + rel + "\" cannot be resolved safely: " + e.getMessage(), e);
        }
    }
}
