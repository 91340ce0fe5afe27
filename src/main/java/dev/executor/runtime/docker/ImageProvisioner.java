package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.executor.runtime.StepStartException;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure a step's image is present, pulling it when missing (what {@code docker run} does
 * implicitly). A failed pull is a step error that names the image.
 */
final class ImageProvisioner {

    private final DockerClient docker;

    ImageProvisioner(DockerClient docker) {
        this.docker = docker;
    }

    void ensure(String image) {
        if (image == null || image.isBlank()) {
            throw new StepStartException("step has no image", null);
        }
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException e) {
            // fall through to pull
        } catch (DockerException e) {
            throw new StepStartException("inspecting image \"" + image + "\": " + DockerErrors.message(e), e);
        }
        pull(image);
    }

    private void pull(String image) {
        try {
            ResultCallback.Adapter<PullResponseItem> callback = docker.pullImageCmd(image)
                    .exec(new ResultCallback.Adapter<>());
            if (!callback.awaitCompletion(30, TimeUnit.MINUTES)) {
                throw new StepStartException("pulling image \"" + image + "\": timed out", null);
            }
            docker.inspectImageCmd(image).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepStartException("pulling image \"" + image + "\": interrupted", e);
        } catch (RuntimeException e) {
            if (e instanceof StepStartException s) {
                throw s;
            }
            throw new StepStartException("image \"" + image + "\" is not present and could not be pulled: "
                    + DockerErrors.message(e), e);
        }
    }
}
