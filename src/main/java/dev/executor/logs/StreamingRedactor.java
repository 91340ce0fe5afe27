package dev.executor.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * Redacts a text that arrives in pieces (Docker frames, lines, log updates) exactly as if it had been
 * redacted whole: {@code push(a) + push(b) + flush()} equals {@code redactor.redact(a + b)} for any
 * split, so a secret cut by a read, a line break or an update boundary is still masked.
 *
 * <p>It holds back only the tail that could still become a secret (for secrets without a newline that
 * is at most the current line) and emits everything before it. Every occurrence of every secret form is
 * masked, overlapping ones included: overlapping occurrences merge into one masked region that takes the
 * replacement of its longest secret, so no fragment of any secret survives. A region that begins or ends
 * with a newline keeps that newline, so a masked multi-line secret does not glue lines together.
 *
 * <p>Not thread-safe; one instance per stream (e.g. per pipe of a log entry).
 */
public final class StreamingRedactor {

    /** A masked region of {@link #pending}: [start, end), replaced on behalf of {@code secret}. */
    private static final class Region {
        int start;
        int end;
        String secret;

        Region(int start, int end, String secret) {
            this.start = start;
            this.end = end;
            this.secret = secret;
        }
    }

    private final Redactor redactor;
    private final SecretMatcher matcher;
    private final StringBuilder pending = new StringBuilder();
    private final List<Region> regions = new ArrayList<>();
    private SecretMatcher.State state;

    StreamingRedactor(Redactor redactor, SecretMatcher matcher) {
        this.redactor = redactor;
        this.matcher = matcher;
        this.state = matcher == null ? null : matcher.start();
    }

    /** Adds text; returns the redacted text that is now final (possibly empty). */
    public String push(CharSequence text) {
        if (matcher == null) {
            return text.toString();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            pending.append(c);
            state = matcher.step(state, c);
            String secret = SecretMatcher.longestSecretEndingAt(state);
            if (secret != null) {
                mark(pending.length() - secret.length(), pending.length(), secret);
            }
        }
        return commit(pending.length() - SecretMatcher.pendingLength(state));
    }

    /** Ends the stream: returns the rest, redacted. The instance can then be reused for a new stream. */
    public String flush() {
        if (matcher == null) {
            return "";
        }
        String rest = commit(pending.length());
        state = matcher.start();
        return rest;
    }

    /** Whether text is held back waiting for more input. */
    public boolean holdsText() {
        return pending.length() > 0;
    }

    /** Adds an occurrence, merging it with the masked regions it overlaps (they are sorted and disjoint). */
    private void mark(int start, int end, String secret) {
        // A secret can only start inside text already emitted if it was pending then; commit() never emits
        // pending text, so start >= 0 always holds. Clamp anyway rather than index out of bounds.
        int s = Math.max(0, start);
        String longest = secret;
        while (!regions.isEmpty() && regions.get(regions.size() - 1).end > s) {
            Region last = regions.remove(regions.size() - 1);
            longest = Redactor.preferred(longest, last.secret);
            s = Math.min(s, last.start);
        }
        regions.add(new Region(s, end, longest));
    }

    /**
     * Emits text before {@code hold}, except that a masked region reaching past {@code hold} is kept whole
     * (the pending tail could still grow it).
     */
    private String commit(int hold) {
        int cut = hold;
        int finalRegions = 0;
        for (Region r : regions) {
            if (r.end <= hold) {
                finalRegions++;
            } else {
                if (r.start < hold) {
                    cut = r.start;
                }
                break;
            }
        }
        if (cut == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder(cut);
        int at = 0;
        for (int i = 0; i < finalRegions; i++) {
            Region r = regions.get(i);
            out.append(pending, at, r.start);
            if (pending.charAt(r.start) == '\n') {
                out.append('\n');
            }
            out.append(redactor.replacementFor(r.secret));
            if (pending.charAt(r.end - 1) == '\n' && r.end - 1 > r.start) {
                out.append('\n');
            }
            at = r.end;
        }
        out.append(pending, at, cut);
        pending.delete(0, cut);
        regions.subList(0, finalRegions).clear();
        for (Region r : regions) {
            r.start -= cut;
            r.end -= cut;
        }
        return out.toString();
    }
}
