package dev.executor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's memory, CPU, thread and descriptor use from /proc (Linux). */
final class ProcStats {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux x86_64/arm64

    private ProcStats() {
    }

    /** Resident set size in MiB (VmRSS). */
    static double rssMiB(long pid) {
        return statusKiB(pid, "VmRSS:") / 1024.0;
    }

    /** Peak resident set size in MiB (VmHWM). */
    static double peakRssMiB(long pid) {
        return statusKiB(pid, "VmHWM:") / 1024.0;
    }

    /** Threads of the process ({@code Threads:} in /proc/<pid>/status). */
    static long threads(long pid) {
        return statusValue(pid, "Threads:");
    }

    /** Open file descriptors: the entries of /proc/<pid>/fd. */
    static long openFds(long pid) {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** User + system CPU seconds consumed so far. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the comm field: state(0) ppid(1) ... utime is field 14 overall → index 11 here, stime 12
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static long statusKiB(long pid, String field) {
        return statusValue(pid, field);
    }

    /** The first number after {@code field} in /proc/<pid>/status, or -1. */
    private static long statusValue(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
