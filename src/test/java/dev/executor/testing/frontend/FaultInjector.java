package dev.executor.testing.frontend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Answers requests with an error status before any protocol logic runs, like a load balancer in front of a
 * restarting frontend would. Injected answers are recorded as requests (flag {@code injected}) but never as
 * violations: the product did nothing wrong.
 */
final class FaultInjector {
    private static final class RouteFault {
        final String suffix;
        final int status;
        int remaining;

        RouteFault(String suffix, int status, int remaining) {
            this.suffix = suffix;
            this.status = status;
            this.remaining = remaining;
        }
    }

    private long failAllUntilNanos;
    private int failAllStatus;
    private final List<RouteFault> routeFaults = new ArrayList<>();

    synchronized void failAll(int status, Duration duration) {
        failAllStatus = status;
        failAllUntilNanos = System.nanoTime() + duration.toNanos();
    }

    synchronized void failRoute(String pathSuffix, int status, int times) {
        if (times <= 0) {
            throw new IllegalArgumentException("times must be > 0");
        }
        routeFaults.add(new RouteFault(pathSuffix, status, times));
    }

    synchronized void clear() {
        failAllUntilNanos = 0;
        routeFaults.clear();
    }

    /** Status to inject for this path, consuming one use of a route fault; null = handle normally. */
    synchronized Integer match(String path) {
        if (failAllUntilNanos != 0 && System.nanoTime() - failAllUntilNanos < 0) {
            return failAllStatus;
        }
        for (Iterator<RouteFault> it = routeFaults.iterator(); it.hasNext(); ) {
            RouteFault f = it.next();
            if (path.endsWith(f.suffix)) {
                if (--f.remaining == 0) {
                    it.remove();
                }
                return f.status;
            }
        }
        return null;
    }
}
