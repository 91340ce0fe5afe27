package dev.executor.testing.frontend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Answers requests with an error status before any protocol logic runs, like a load balancer in front of a
 * restarting frontend would, or holds them unanswered like a hung frontend. Injected answers are recorded as
 * requests (flag {@code injected}) but never as violations: the product did nothing wrong.
 */
final class FaultInjector {

    /** What to do with a request instead of handling it: hold it {@code hang} (may be zero), then answer {@code status}. */
    record Fault(int status, Duration hang) {
    }

    private static final class RouteFault {
        final String suffix;
        final int status;
        final Duration hang;
        final long untilNanos; // 0 = counted by remaining instead
        int remaining;

        RouteFault(String suffix, int status, Duration hang, int remaining, long untilNanos) {
            this.suffix = suffix;
            this.status = status;
            this.hang = hang;
            this.remaining = remaining;
            this.untilNanos = untilNanos;
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
        routeFaults.add(new RouteFault(pathSuffix, status, Duration.ZERO, times, 0));
    }

    synchronized void failRouteFor(String pathSuffix, int status, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0");
        }
        routeFaults.add(new RouteFault(pathSuffix, status, Duration.ZERO, 0, System.nanoTime() + duration.toNanos()));
    }

    synchronized void hangRoute(String pathSuffix, int times, Duration hang) {
        if (times <= 0 || hang.isNegative() || hang.isZero()) {
            throw new IllegalArgumentException("times and hang must be > 0");
        }
        routeFaults.add(new RouteFault(pathSuffix, 504, hang, times, 0));
    }

    synchronized void clear() {
        failAllUntilNanos = 0;
        routeFaults.clear();
    }

    /** What to inject for this path, consuming one use of a counted route fault; null = handle normally. */
    synchronized Fault match(String path) {
        long now = System.nanoTime();
        if (failAllUntilNanos != 0 && now - failAllUntilNanos < 0) {
            return new Fault(failAllStatus, Duration.ZERO);
        }
        for (Iterator<RouteFault> it = routeFaults.iterator(); it.hasNext(); ) {
            RouteFault f = it.next();
            if (f.untilNanos != 0 && now - f.untilNanos >= 0) {
                it.remove();
                continue;
            }
            if (path.endsWith(f.suffix)) {
                if (f.untilNanos == 0 && --f.remaining == 0) {
                    it.remove();
                }
                return new Fault(f.status, f.hang);
            }
        }
        return null;
    }
}
