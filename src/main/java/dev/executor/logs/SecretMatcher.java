package dev.executor.logs;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * An Aho–Corasick automaton over every secret form. Fed one character at a time, it tells in constant
 * amortised time (a) the longest secret ending at the character just read and (b) how many of the last
 * characters read could still grow into a secret. (b) is what makes streaming redaction exact: only
 * that tail has to be held back, never a fixed window, so lines appear as soon as they are safe.
 */
final class SecretMatcher {

    /** A state: the longest suffix of the text read so far that is a prefix of some secret. */
    static final class State {
        private final Map<Character, State> next = new HashMap<>(4);
        private final int depth;
        private State fail;
        /** The secret equal to this prefix, if any. */
        private String secret;
        /** The longest secret that is a suffix of this prefix (this one's or one down the fail chain). */
        private String longestSecret;
        /** The deepest state on the fail chain (this one included) that can still be extended. */
        private State pending;

        private State(int depth) {
            this.depth = depth;
        }
    }

    private final State root = new State(0);

    SecretMatcher(Collection<String> secrets) {
        for (String secret : secrets) {
            State s = root;
            for (int i = 0; i < secret.length(); i++) {
                int depth = i + 1;
                s = s.next.computeIfAbsent(secret.charAt(i), c -> new State(depth));
            }
            s.secret = secret;
        }
        link();
    }

    /** Breadth-first, so every state's fail target (always shallower) is complete before the state itself. */
    private void link() {
        root.fail = root;
        root.pending = root;
        ArrayDeque<State> queue = new ArrayDeque<>();
        for (State child : root.next.values()) {
            child.fail = root;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            State s = queue.poll();
            s.longestSecret = s.secret != null ? s.secret : s.fail.longestSecret;
            s.pending = s.next.isEmpty() ? s.fail.pending : s;
            for (Map.Entry<Character, State> e : s.next.entrySet()) {
                State f = s.fail;
                while (f != root && !f.next.containsKey(e.getKey())) {
                    f = f.fail;
                }
                State target = f.next.get(e.getKey());
                e.getValue().fail = target == null || target == e.getValue() ? root : target;
                queue.add(e.getValue());
            }
        }
    }

    State start() {
        return root;
    }

    State step(State state, char c) {
        State s = state;
        while (s != root && !s.next.containsKey(c)) {
            s = s.fail;
        }
        return s.next.getOrDefault(c, root);
    }

    /** The longest secret ending at the last character read, or null. */
    static String longestSecretEndingAt(State state) {
        return state.longestSecret;
    }

    /**
     * How many of the last characters read form the longest suffix that could still grow into a
     * (longer) secret: those must not be emitted yet.
     */
    static int pendingLength(State state) {
        return state.pending.depth;
    }
}
