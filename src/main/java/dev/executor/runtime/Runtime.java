package dev.executor.runtime;

import java.util.List;
import java.util.function.Consumer;

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
     *
     * @param created told the container's id as soon as it exists, before it starts (for the job journal)
     */
    StepResult run(StepSpec spec, StepOutput output, Cancellation cancel, Consumer<String> created);

    default StepResult run(StepSpec spec, StepOutput output, Cancellation cancel) {
        return run(spec, output, cancel, id -> { });
    }

    /**
     * Reattaches to the step's container left by a previous run of this executor (found by the spec's labels),
     * running or already exited: replays its output from {@code from}, waits for it, removes it. Throws
     * {@link StepLostException} when there is no such container or its output cannot be read back.
     */
    StepResult resume(StepSpec spec, StepOutput output, Cancellation cancel, ResumePoint from);

    /** Every container carrying our managed label, whoever's. */
    List<ManagedResource> managedContainers();

    /** Stops and removes a container; an already missing one is fine. Throws when the engine refuses. */
    void removeContainer(String id);

    /** Every job network (see {@link #prepareJob}) carrying our managed label, whoever's. */
    default List<ManagedResource> managedNetworks() {
        return List.of();
    }

    /** Removes a job network; an already missing one is fine. Throws when the engine refuses. */
    default void removeNetwork(String id) {
    }

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

    /**
     * Like {@link #prepareJob}, for a job resumed after a restart: takes back what its earlier process set up
     * (found by {@code labels}; a reattached step is still on that network) or sets it up anew.
     */
    default JobEnvironment resumeJob(String name, java.util.Map<String, String> labels) {
        return prepareJob(name, labels);
    }

    /** The equivalent command line, for the step's log entry (spec §4.6 for Docker). */
    List<String> commandLine(StepSpec spec);

    /** The engine's version for heartbeat telemetry; throws when the engine cannot be reached. */
    String serverVersion();

    /** A one-word name for logs and telemetry. */
    String name();
}
