package dev.executor.cli;

import java.util.Optional;

/**
 * Whether the AOT cache {@code bin/executor} passed ({@code -XX:AOTCache}, named again in {@value #PROPERTY})
 * is in use. The JVM starts without a cache it cannot use (damaged: {@code -XX:+VerifySharedSpaces} checks it;
 * made for another runtime or class path) and the launcher silences the JVM's several lines about it, so the
 * executor says it once: the start is slower, nothing else changes.
 */
final class AotCacheCheck {

    static final String PROPERTY = "executor.aot.cache";

    private AotCacheCheck() {
    }

    /** The one-line warning when a cache was passed but the JVM maps no shared classes. */
    static Optional<String> warning() {
        String cache = System.getProperty(PROPERTY);
        if (cache == null || cache.isEmpty() || System.getProperty("java.vm.info", "").contains("sharing")) {
            return Optional.empty();
        }
        return Optional.of("executor: warning: the AOT cache " + cache + " is unusable (damaged, or made for another"
                + " runtime or build); starting without it, which only makes the start slower");
    }
}
