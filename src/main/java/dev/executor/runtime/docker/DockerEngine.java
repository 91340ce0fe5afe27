package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.jboss.logging.Logger;

/** {@link ContainerEngine} with docker-java: the calls, and the wording of their failures (spec §4.8). */
final class DockerEngine implements ContainerEngine {

    private static final Logger LOG = Logger.getLogger(DockerEngine.class);

    private final DockerClient docker;
    private final ImageProvisioner images;
    private final ContainerSpecs specs;
    private final ContainerRemovals removals;
    private final Duration stopGracePeriod;

    DockerEngine(DockerClient docker, ImageProvisioner images, ContainerSpecs specs, ContainerRemovals removals,
            Duration stopGracePeriod) {
        this.docker = docker;
        this.images = images;
        this.specs = specs;
        this.removals = removals;
        this.stopGracePeriod = stopGracePeriod;
    }

    @Override
    public String create(StepSpec spec, StepOutput output, Cancellation cancel) {
        try {
            return images.createWithImage(spec, output, cancel,
                    () -> specs.apply(docker.createContainerCmd(spec.image()), spec).exec().getId());
        } catch (DockerException e) { // NotFoundException included: the image is there, something else is not
            throw new StepStartException("creating container for image \"" + spec.image() + "\": "
                    + DockerErrors.message(e), e);
        }
    }

    @Override
    public Multi<DockerStreams.Line> attach(String id, Runnable onAttached) {
        return DockerStreams.lines(callback -> docker.attachContainerCmd(id).withStdOut(true).withStdErr(true)
                .withFollowStream(true).exec(callback), onAttached);
    }

    @Override
    public void start(String id, StepSpec spec) {
        try {
            docker.startContainerCmd(id).exec();
        } catch (DockerException e) {
            throw new StepStartException("starting container for image \"" + spec.image() + "\": "
                    + DockerErrors.message(e), e);
        }
    }

    @Override
    public Uni<Integer> exitCode(String id) {
        return DockerStreams.exitCode(docker, id);
    }

    @Override
    public boolean oomKilled(String id) {
        try {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
            return Boolean.TRUE.equals(state.getOOMKilled());
        } catch (DockerException e) {
            return false;
        }
    }

    @Override
    public void stop(String id, StepSpec spec) {
        try {
            docker.stopContainerCmd(id).withTimeout((int) Math.max(0, stopGracePeriod.toSeconds())).exec();
        } catch (NotFoundException | NotModifiedException e) {
            // already gone, or not running (yet: the lifecycle checks the cancel again after starting it)
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

    @Override
    public void removeLater(String id, StepSpec spec) {
        removals.removeLater(id, spec.jobId(), spec.stepKey(), spec.labels());
    }
}
