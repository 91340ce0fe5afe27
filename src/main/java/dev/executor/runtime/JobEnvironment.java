package dev.executor.runtime;

/**
 * What the steps of one job share while it runs, e.g. its private network. Closing it removes it; close
 * never throws (a failure is logged, and labels let the janitor find the leftover).
 */
public interface JobEnvironment extends AutoCloseable {

    /** Nothing shared: steps use the engine's defaults. */
    JobEnvironment NONE = new JobEnvironment() {
        @Override
        public String network() {
            return null;
        }

        @Override
        public void close() {
        }
    };

    /** The network every step of the job joins, or null for the engine's default bridge. */
    String network();

    @Override
    void close();
}
