package dev.executor.recovery;

import dev.executor.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;

/** Deletes directory trees without following symlinks. */
final class FileTrees {

    private FileTrees() {
    }

    static void delete(Path dir) throws IOException {
        Workspace.existing(dir).delete();
    }
}
