package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.executor.config.GoDuration;
import dev.executor.observe.logging.JobMdc;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.runtime.BoundedExecutors;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.ContainerLabels;
import dev.executor.runtime.JobEnvironment;
import dev.executor.runtime.ManagedResource;
import dev.executor.runtime.ResumePoint;
import dev.executor.runtime.Runtime;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepLostException;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs each step as one container, its life a Mutiny pipeline ({@link ContainerLifecycle}): create it, ensuring
 * the image (pull policy, credentials) only when the engine says it is missing, attach (before start, so no output
 * is missed whatever the log driver), start, wait, inspect a failed step for OOM, and always remove it: in the
 * background, while the next step starts ({@link ContainerRemovals}); a job's removals are awaited when its
 * environment closes. Cancellation stops the container (SIGTERM, grace period, SIGKILL) on the runtime's executor,
 * so the canceller never blocks. A job's steps may share a private network ({@link #prepareJob}). After a restart,
 * {@link #resume} picks a step's container up again through {@link ContainerReattacher}.
 *
 * <p>Every blocking docker-java call runs on one bounded executor, {@code docker-call-N}
 * ({@link #callThreads}); waits and output streams do not hold one of its threads.
 */
public final class DockerRuntime implements Runtime {

    private static final Logger LOG = Logger.getLogger(DockerRuntime.class);

    private final DockerClient docker;
    private final DockerOptions options;
    private final PullCredentials credentials;
    private final JobNetworks networks;
    private final ContainerReattacher reattacher;
    private final ContainerRemovals removals;
    private final ExecutorService calls;
    private final DockerEngine engine;
    private final ContainerLifecycle lifecycle;

    public DockerRuntime(DockerClient docker, DockerOptions options) {
        this(docker, options, ExecutorMetrics.discarding(), 1);
    }

    /**
     * @param maximumJobs {@code EXECUTOR_MAXIMUM_NUM_JOBS}: sizes the executor for blocking engine calls
     */
    public DockerRuntime(DockerClient docker, DockerOptions options, ExecutorMetrics metrics, int maximumJobs) {
        this.docker = docker;
        this.options = options;
        this.credentials = new PullCredentials(options.authConfig(), options.hostConfigDir());
        this.calls = BoundedExecutors.fixed("docker-call", callThreads(maximumJobs));
        this.networks = new JobNetworks(docker, options.firewall());
        this.reattacher = new ContainerReattacher(docker);
        this.removals = new ContainerRemovals(docker, calls);
        this.engine = new DockerEngine(docker, new ImageProvisioner(docker, options.pullPolicy(), credentials, metrics),
                new ContainerSpecs(options), removals, options.stopGracePeriod());
        this.lifecycle = new ContainerLifecycle(engine, calls, this::howStopped);
    }

    /**
     * Each job has at most one blocking call in flight for its step (create, pull, start, inspect, stop) besides a
     * background removal and its network; two per job and a few spare for the janitor and health checks.
     */
    static int callThreads(int maximumJobs) {
        return 2 * Math.max(1, maximumJobs) + 2;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String serverVersion() {
        return docker.versionCmd().exec().getVersion();
    }

    @Override
    public List<String> commandLine(StepSpec spec) {
        return DockerRunCommandLine.of(spec, options, credentials.configLabel(spec.credentials()));
    }

    @Override
    public JobEnvironment prepareJob(String name, Map<String, String> labels) {
        return afterRemovals(labels, options.jobNetwork() ? networks.create(name, labels) : JobEnvironment.NONE);
    }

    @Override
    public JobEnvironment resumeJob(String name, Map<String, String> labels) {
        return afterRemovals(labels, options.jobNetwork() ? networks.existingOrNew(name, labels) : JobEnvironment.NONE);
    }

    /** The job's environment, closed only once the job's step containers are removed (they may hold the network). */
    private JobEnvironment afterRemovals(Map<String, String> labels, JobEnvironment inner) {
        return new JobEnvironment() {
            @Override
            public String network() {
                return inner.network();
            }

            @Override
            public void close() {
                removals.await(labels);
                inner.close();
            }
        };
    }

    @Override
    public Uni<StepResult> run(StepSpec spec, StepOutput output, Cancellation cancel, Consumer<String> created) {
        return lifecycle.run(spec, output, cancel, created);
    }

    /**
     * Reattaching reads the container's log back to its end, blocking, on the runtime's executor: a rare path (only
     * after a restart), kept as one call.
     */
    @Override
    public Uni<StepResult> resume(StepSpec spec, StepOutput output, Cancellation cancel, ResumePoint from) {
        return Uni.createFrom().item(() -> resumeBlocking(spec, output, cancel, from)).runSubscriptionOn(calls);
    }

    private StepResult resumeBlocking(StepSpec spec, StepOutput output, Cancellation cancel, ResumePoint from) {
        String id = reattacher.find(spec);
        try (AutoCloseable unregister = cancel.onCancel(() -> calls.execute(JobMdc.propagate(() -> engine.stop(id, spec))))) {
            int exitCode = reattacher.replay(id, spec, output, from);
            if (cancel.isCancelled()) {
                throw new StepCancelledException(cancel.reasonText(), howStopped(exitCode));
            }
            return new StepResult(exitCode, exitCode != 0 && engine.oomKilled(id));
        } catch (StepLostException | StepCancelledException e) {
            throw e;
        } catch (Exception e) {
            throw new StepLostException("reattaching to container " + id + " of step " + spec.stepKey() + ": "
                    + e.getMessage(), e);
        } finally {
            removals.removeLater(id, spec.jobId(), spec.stepKey(), spec.labels());
        }
    }

    @Override
    public List<ManagedResource> managedContainers() {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerLabels.MANAGED, "true")).exec().stream()
                .map(c -> new ManagedResource(c.getId(), c.getLabels() == null ? Map.of() : Map.copyOf(c.getLabels()),
                        String.valueOf(c.getState())))
                .toList();
    }

    @Override
    public List<ManagedResource> managedNetworks() {
        return networks.managed();
    }

    @Override
    public void removeNetwork(String id) {
        networks.removeOrThrow(id);
    }

    @Override
    public void removeContainer(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (DockerException e) {
            throw new IllegalStateException("removing container " + id + ": " + DockerErrors.message(e), e);
        }
    }

    /** What stopping did, for the step's log: SIGTERM sufficed, or SIGKILL after the grace period. */
    String howStopped(int exitCode) {
        String grace = GoDuration.format(options.stopGracePeriod());
        if (exitCode == 137) {
            return "the container was killed (SIGKILL) after the " + grace + " grace period";
        }
        return "the container stopped on SIGTERM within the " + grace + " grace period (exit code " + exitCode + ")";
    }
}
