package dev.executor.runtime;

/**
 * Runs steps. Implementations block the calling thread (never call them from an event loop) and must
 * guarantee that no container outlives {@link #run}, whatever happened: normal exit, failure to start,
 * cancellation or an exception.
 */
public interface Runtime {

    /**
     * Runs the step and returns its result. Throws {@link StepStartException} when the step could not
     * start (missing image, refused container), naming the image; {@link StepCancelledException} when
     * {@code cancel} fired while it ran (the container has been stopped and removed).
     */
    StepResult run(StepSpec spec, StepOutput output, Cancellation cancel);

    /**
     * Sets up what all steps of one job share (for Docker: a private network, when enabled) and returns
     * the handle that removes it. {@code name} identifies the job in resource names (e.g.
     * {@code batches-42}); {@code labels} mark the resources as this executor's.
     *
     * @throws StepStartException when it cannot be set up; the message says what failed
     */
    default JobEnvironment prepareJob(String name, java.util.Map<String, String> labels) {
        return JobEnvironment.NONE;
    }

    /** The equivalent command line, for the step's log entry (spec §4.6 for Docker). */
    java.util.List<String> commandLine(StepSpec spec);

    /** The engine's version for heartbeat telemetry; throws when the engine cannot be reached. */
    String serverVersion();

    /** A one-word name for logs and telemetry. */
    String name();
}
