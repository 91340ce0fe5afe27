package dev.executor.runtime;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs steps. {@link #run} and {@link #resume} are a step's whole life as one {@link Uni}: nothing happens until it
 * is subscribed, and implementations run their blocking engine calls on their own bounded executor, never on the
 * subscriber's thread (so a Vert.x event loop may subscribe). Whatever happens (normal exit, failure to start,
 * the job's {@link Cancellation}, or the subscription being cancelled) no container outlives the step: it is
 * removed, and a job's removals are awaited when its {@link JobEnvironment} closes. The other methods block.
 */
public interface Runtime {

    /**
     * The step's life: its item is the step's result; it fails with {@link StepStartException} when the step could
     * not start (missing image, refused container), naming the image, and with {@link StepCancelledException} when
     * {@code cancel} fired while it ran (the container has been stopped). Cancelling the subscription stops the
     * container and removes it.
     *
     * @param output  receives the step's lines (on the engine's stream thread) and its start
     * @param created told the container's id as soon as it exists, before it starts (for the job journal)
     */
    Uni<StepResult> run(StepSpec spec, StepOutput output, Cancellation cancel, Consumer<String> created);

    default Uni<StepResult> run(StepSpec spec, StepOutput output, Cancellation cancel) {
        return run(spec, output, cancel, id -> { });
    }

    /**
     * Reattaches to the step's container left by a previous run of this executor (found by the spec's labels),
     * running or already exited: replays its output from {@code from}, waits for it, removes it. Fails with
     * {@link StepLostException} when there is no such container or its output cannot be read back.
     */
    Uni<StepResult> resume(StepSpec spec, StepOutput output, Cancellation cancel, ResumePoint from);

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
     * {@code batches-42}); {@code labels} mark the resources as this executor's. Blocks.
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
