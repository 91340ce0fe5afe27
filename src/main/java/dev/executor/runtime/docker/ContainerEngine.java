package dev.executor.runtime.docker;

import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepSpec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The engine calls one step container's life is made of, so that {@link ContainerLifecycle} (the order, the
 * cancellation, the clean-up) can be tested without an engine. {@link DockerEngine} makes them with docker-java.
 * The plain methods block; {@link ContainerLifecycle} calls them on its bounded executor.
 */
interface ContainerEngine {

    /** Creates the step's container, pulling its image when needed; its id. Throws {@code StepStartException}. */
    String create(StepSpec spec, StepOutput output, Cancellation cancel);

    /** The container's output from now on; {@code onAttached} runs once it is captured (start may follow). */
    Multi<DockerStreams.Line> attach(String id, Runnable onAttached);

    /** Starts it. Throws {@code StepStartException} naming the image when the engine refuses. */
    void start(String id, StepSpec spec);

    /** Its exit code once it stops. */
    Uni<Integer> exitCode(String id);

    /** Whether the kernel killed a process of it for memory. */
    boolean oomKilled(String id);

    /** Stops it (SIGTERM, the grace period, SIGKILL); a container not running is fine. Never throws. */
    void stop(String id, StepSpec spec);

    /** Removes it in the background; the job's environment awaits it when it closes. */
    void removeLater(String id, StepSpec spec);
}
