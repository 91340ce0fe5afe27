package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.executor.config.GoDuration;
import dev.executor.logs.Pipe;
import dev.executor.observe.logging.JobMdc;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.ContainerLabels;
import dev.executor.runtime.JobEnvironment;
import dev.executor.runtime.LineSplitter;
import dev.executor.runtime.ManagedResource;
import dev.executor.runtime.ResumePoint;
import dev.executor.runtime.Runtime;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepLostException;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepResult;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs each step as one container: create it, ensuring the image (pull policy, credentials) only when the
 * engine says it is missing, attach (before start, so no output is missed whatever the log driver), start,
 * wait, inspect a failed step for OOM, and always remove it: in the background, while the next step starts
 * ({@link ContainerRemovals}); a job's removals are awaited when its environment closes. Cancellation stops
 * the container (SIGTERM, grace period, SIGKILL) from a separate thread so the canceller never blocks. A job's steps may share a private network ({@link #prepareJob}).
 * After a restart, {@link #resume} picks a step's container up again through {@link ContainerReattacher}.
 */
public final class DockerRuntime implements Runtime {

    private static final Logger LOG = Logger.getLogger(DockerRuntime.class);

    private final DockerClient docker;
    private final DockerOptions options;
    private final PullCredentials credentials;
    private final ImageProvisioner images;
    private final ContainerSpecs specs;
    private final JobNetworks networks;
    private final ContainerReattacher reattacher;
    private final ContainerRemovals removals;
    private final ExecutorService stopper = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "docker-stop");
        t.setDaemon(true);
        return t;
    });

    public DockerRuntime(DockerClient docker, DockerOptions options) {
        this(docker, options, ExecutorMetrics.discarding());
    }

    public DockerRuntime(DockerClient docker, DockerOptions options, ExecutorMetrics metrics) {
        this.docker = docker;
        this.options = options;
        this.credentials = new PullCredentials(options.authConfig(), options.hostConfigDir());
        this.images = new ImageProvisioner(docker, options.pullPolicy(), credentials, metrics);
        this.specs = new ContainerSpecs(options);
        this.networks = new JobNetworks(docker, options.firewall());
        this.reattacher = new ContainerReattacher(docker);
        this.removals = new ContainerRemovals(docker);
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
    public StepResult run(StepSpec spec, StepOutput output, Cancellation cancel, Consumer<String> created) {
        if (cancel.isCancelled()) {
            throw new StepCancelledException(cancel.reason(), "the container was not created");
        }
        String id = create(spec, output, cancel);
        try (AutoCloseable unregister = cancel.onCancel(() -> stopper.submit(JobMdc.propagate(() -> stop(id, spec))))) {
            created.accept(id);
            return runCreated(id, spec, output, cancel);
        } catch (StepStartException | StepCancelledException e) {
            throw e;
        } catch (Exception e) {
            throw new StepStartException("running container for image \"" + spec.image() + "\": " + e.getMessage(), e);
        } finally {
            removals.removeLater(id, spec.jobId(), spec.stepKey(), spec.labels());
        }
    }

    @Override
    public StepResult resume(StepSpec spec, StepOutput output, Cancellation cancel, ResumePoint from) {
        String id = reattacher.find(spec);
        try (AutoCloseable unregister = cancel.onCancel(() -> stopper.submit(() -> stop(id, spec)))) {
            int exitCode = reattacher.replay(id, spec, output, from);
            if (cancel.isCancelled()) {
                throw new StepCancelledException(cancel.reason(), howStopped(exitCode));
            }
            return new StepResult(exitCode, exitCode != 0 && oomKilled(id));
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

    private String create(StepSpec spec, StepOutput output, Cancellation cancel) {
        try {
            return images.createWithImage(spec, output, cancel,
                    () -> specs.apply(docker.createContainerCmd(spec.image()), spec).exec().getId());
        } catch (DockerException e) { // NotFoundException included: the image is there, something else is not
            throw new StepStartException("creating container for image \"" + spec.image() + "\": "
                    + DockerErrors.message(e), e);
        }
    }

    private StepResult runCreated(String id, StepSpec spec, StepOutput output, Cancellation cancel)
            throws InterruptedException {
        LineSplitter out = new LineSplitter(line -> output.line(Pipe.STDOUT, line));
        LineSplitter err = new LineSplitter(line -> output.line(Pipe.STDERR, line));
        ResultCallback.Adapter<Frame> attach = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? err : out).accept(frame.getPayload());
            }
        };
        docker.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).exec(attach);
        attach.awaitStarted(30, TimeUnit.SECONDS);
        if (cancel.isCancelled()) {
            throw new StepCancelledException(cancel.reason(), "the container was not started");
        }
        try {
            docker.startContainerCmd(id).exec();
        } catch (DockerException e) {
            throw new StepStartException("starting container for image \"" + spec.image() + "\": "
                    + DockerErrors.message(e), e);
        }
        output.started();
        if (cancel.isCancelled()) {
            // Cancelled while starting: the stop the callback ran may have hit a container not yet running.
            stop(id, spec);
        }
        int exitCode = docker.waitContainerCmd(id).start().awaitStatusCode();
        // The attach stream ends when the container's pipes close; bound the wait in case the daemon lingers.
        attach.awaitCompletion(30, TimeUnit.SECONDS);
        out.flush();
        err.flush();
        if (cancel.isCancelled()) {
            throw new StepCancelledException(cancel.reason(), howStopped(exitCode));
        }
        // Only a failed step can have failed for memory (an OOM kill inside a step that exits 0 is no failure), so
        // a successful step skips the inspect call.
        return new StepResult(exitCode, exitCode != 0 && oomKilled(id));
    }

    /** What stopping did, for the step's log: SIGTERM sufficed, or SIGKILL after the grace period. */
    String howStopped(int exitCode) {
        String grace = GoDuration.format(options.stopGracePeriod());
        if (exitCode == 137) {
            return "the container was killed (SIGKILL) after the " + grace + " grace period";
        }
        return "the container stopped on SIGTERM within the " + grace + " grace period (exit code " + exitCode + ")";
    }

    private boolean oomKilled(String id) {
        try {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
            return Boolean.TRUE.equals(state.getOOMKilled());
        } catch (DockerException e) {
            return false;
        }
    }

    private void stop(String id, StepSpec spec) {
        try {
            docker.stopContainerCmd(id).withTimeout((int) Math.max(0, options.stopGracePeriod().toSeconds())).exec();
        } catch (NotFoundException | NotModifiedException e) {
            // already gone, or not running (yet: the runner checks the cancel again after starting it)
        } catch (RuntimeException e) {
            LOG.warnf("stopping container %s of job %d step %s failed: %s", id, spec.jobId(), spec.stepKey(),
                    DockerErrors.message(e));
            kill(id);
        }
    }

    private void kill(String id) {
        try {
            docker.killContainerCmd(id).exec();
        } catch (RuntimeException ignored) {
            // removal with force follows
        }
    }

}
