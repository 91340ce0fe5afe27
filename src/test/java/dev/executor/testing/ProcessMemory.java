package dev.executor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples a process's resident memory (VmRSS from {@code /proc/<pid>/status}) on a background thread, so a test can
 * look at any time window afterwards; also reads the kernel's own peak (VmHWM).
 */
public final class ProcessMemory implements AutoCloseable {

    /** One sample: when (System.nanoTime) and VmRSS in KiB. */
    public record Sample(long nanos, long kb) {
    }

    private final long pid;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    public ProcessMemory(long pid, long intervalMillis) {
        this.pid = pid;
        this.sampler = new Thread(() -> {
            while (running) {
                long kb = read("VmRSS:");
                if (kb > 0) {
                    synchronized (samples) {
                        samples.add(new Sample(System.nanoTime(), kb));
                    }
                }
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Current VmRSS in KiB (0 when the process is gone). */
    public long rssKb() {
        return read("VmRSS:");
    }

    /** The kernel's peak resident set (VmHWM) in KiB. */
    public long peakKb() {
        return read("VmHWM:");
    }

    /** Samples taken in [fromNanos, toNanos). */
    public List<Sample> between(long fromNanos, long toNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.nanos() - fromNanos >= 0 && s.nanos() - toNanos < 0).toList();
        }
    }

    /** Highest VmRSS in KiB among {@code samples}, 0 when empty. */
    public static long maxKb(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::kb).max().orElse(0);
    }

    /** Lowest VmRSS in KiB among {@code samples}, 0 when empty. */
    public static long minKb(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::kb).min().orElse(0);
    }

    private long read(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
