package dev.executor.bench;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * When entries appear in and vanish from a few directories (inotify through the JDK's WatchService), seen from outside
 * the executor: a job's workspace directory under TMPDIR and its journal directory under the state dir's
 * {@code jobs/}. Only the watched directories' own entries are seen, not what is written inside them; times are when
 * the watcher thread took the event (within a millisecond or so of the kernel's).
 */
final class FileActivity implements AutoCloseable {

    /** An entry of {@code dir} named {@code name} was created (or renamed into it) or deleted. */
    record Entry(Instant at, Path dir, String name, boolean created) {
    }

    private final WatchService watcher;
    private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    FileActivity(List<Path> dirs) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        for (Path dir : dirs) {
            Files.createDirectories(dir);
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        }
        thread = new Thread(this::watch, "bench-file-activity");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            WatchKey key;
            try {
                key = watcher.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key == null) {
                continue;
            }
            Instant at = Instant.now();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.context() instanceof Path name) {
                    entries.add(new Entry(at, (Path) key.watchable(), name.toString(),
                            event.kind() == StandardWatchEventKinds.ENTRY_CREATE));
                }
            }
            key.reset();
        }
    }

    List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        watcher.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
