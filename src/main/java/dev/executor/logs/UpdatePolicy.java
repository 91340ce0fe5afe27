package dev.executor.logs;

/**
 * When to send an intermediate update of a running entry. The wire is Sourcegraph's (each update carries the whole
 * entry), so sending every second costs bytes quadratic in the output. Here an update is sent only when
 * <ul>
 *   <li>the entry changed,</li>
 *   <li>at least {@link #interval(long)} passed since the last one: 1 s while the body is under 1 MiB, then one
 *       second more per MiB, up to 10 s, and</li>
 *   <li>what was sent for this entry so far plus this body stays within {@link #SLACK} times this body.</li>
 * </ul>
 * The last rule bounds the total: the intermediate updates sum to at most {@code SLACK} times the last of them,
 * hence at most {@code SLACK} times the final body (entries only grow; a cut entry keeps about the cap), so with
 * the final update the total stays under {@code (SLACK + 1)} times the final body, below 4×. Fast output is sent
 * at geometrically spaced sizes (each about 1.6× the previous), slow output every second while it is small.
 */
public final class UpdatePolicy {

    /** Intermediate bytes allowed per byte of the current body; 2.75 + the final 1 leaves margin under 4. */
    public static final double SLACK = 2.75;

    private static final long MIB = 1024 * 1024;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private long sentBytes;
    private long lastNanos;

    /** @param openedNanos when the entry was opened: the first update waits an interval from then */
    public UpdatePolicy(long openedNanos) {
        this.lastNanos = openedNanos;
    }

    /** Minimum time between intermediate updates of a body of {@code bodyBytes}. */
    static long interval(long bodyBytes) {
        long seconds = Math.max(1, Math.min(10, bodyBytes / MIB));
        return seconds * SECOND_NANOS;
    }

    /** Whether an intermediate update of {@code bodyBytes} may be sent at {@code nowNanos}. */
    public boolean allows(long nowNanos, long bodyBytes) {
        return nowNanos - lastNanos >= interval(bodyBytes) && sentBytes + bodyBytes <= SLACK * bodyBytes;
    }

    /** Records an update of {@code bodyBytes} sent (or attempted: the bytes went out either way). */
    public void sent(long nowNanos, long bodyBytes) {
        sentBytes += bodyBytes;
        lastNanos = nowNanos;
    }

    /** Bytes of intermediate updates so far. */
    public long sentBytes() {
        return sentBytes;
    }
}
