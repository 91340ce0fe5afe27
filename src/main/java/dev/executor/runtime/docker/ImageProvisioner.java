package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.executor.config.PullPolicy;
import dev.executor.logs.Pipe;
import dev.executor.logs.Redactor;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepSpec;
import dev.executor.runtime.StepStartException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Makes sure a step's image is there according to {@code EXECUTOR_DOCKER_PULL_POLICY}, pulling it with the
 * credentials {@link PullCredentials} chooses. Pull progress goes to the step's log (stderr, compacted, as
 * {@code docker run} prints it). A failed pull is a step error naming the image and the registry and how
 * it authenticated, never the credentials.
 */
final class ImageProvisioner {

    private static final Logger LOG = Logger.getLogger(ImageProvisioner.class);
    private static final long PULL_TIMEOUT_MINUTES = 30;

    private final DockerClient docker;
    private final PullPolicy policy;
    private final PullCredentials credentials;
    private final ExecutorMetrics metrics;

    ImageProvisioner(DockerClient docker, PullPolicy policy, PullCredentials credentials, ExecutorMetrics metrics) {
        this.docker = docker;
        this.policy = policy;
        this.credentials = credentials;
        this.metrics = metrics;
    }

    /**
     * Creates the step's container with {@code create}, making sure its image is there first. Under
     * {@code always} the image is pulled before every step. Otherwise creation is tried first and the image is
     * looked at only when the engine answers 404, as {@code docker run} does: a present image, the usual case,
     * costs no extra API call per step.
     */
    String createWithImage(StepSpec spec, StepOutput output, Cancellation cancel, Supplier<String> create) {
        String image = spec.image();
        if (image == null || image.isBlank()) {
            throw new StepStartException("step has no image", null);
        }
        if (policy == PullPolicy.ALWAYS) {
            pull(spec, output, cancel);
            return create.get();
        }
        try {
            return create.get();
        } catch (NotFoundException e) {
            if (present(image)) {
                throw e; // something else is missing, e.g. the job's network
            }
        }
        if (policy == PullPolicy.NEVER) {
            throw new StepStartException("image \"" + image + "\" is not present and "
                    + "EXECUTOR_DOCKER_PULL_POLICY=never forbids pulling it", null);
        }
        output.line(Pipe.STDERR, "Unable to find image '" + ImageReference.parse(image).canonical() + "' locally");
        pull(spec, output, cancel);
        return create.get();
    }

    private boolean present(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (DockerException e) {
            throw new StepStartException("inspecting image \"" + image + "\": " + DockerErrors.message(e), e);
        }
    }

    /** Pulls, recording how long it took ({@code executor_image_pull_seconds}, failed pulls included). */
    private void pull(StepSpec spec, StepOutput output, Cancellation cancel) {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            pullNow(spec, output, cancel);
            failed = false;
        } finally {
            metrics.imagePulled(Duration.ofNanos(System.nanoTime() - start), failed);
        }
    }

    private void pullNow(StepSpec spec, StepOutput output, Cancellation cancel) {
        ImageReference ref = ImageReference.parse(spec.image());
        PullCredentials.Choice choice = credentials.choose(spec.credentials(), ref);
        Redactor scrub = scrubber(choice);
        PullProgress progress = new PullProgress();
        String[] streamError = new String[1];
        ResultCallback.Adapter<PullResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.getErrorDetail() != null || item.getError() != null) {
                    streamError[0] = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                            ? item.getErrorDetail().getMessage() : item.getError();
                }
                progress.line(item).ifPresent(line -> output.line(Pipe.STDERR, scrub.redact(line)));
            }
        };
        String failure;
        try (AutoCloseable stop = cancel.onCancel(() -> closeQuietly(callback))) {
            docker.pullImageCmd(ref.repository()).withTag(ref.tagOrDigest())
                    .withAuthConfig(choice.authConfig(ref.registry()))
                    .exec(callback);
            failure = callback.awaitCompletion(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES)
                    ? streamError[0] : "timed out after " + PULL_TIMEOUT_MINUTES + " minutes";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (RuntimeException e) {
            failure = DockerErrors.message(e);
        } catch (Exception e) {
            failure = String.valueOf(e.getMessage()); // closing the cancel registration; not expected
        }
        if (cancel.isCancelled()) {
            throw new StepCancelledException(cancel.reasonText(), "the image pull was stopped");
        }
        if (failure == null && !present(spec.image())) {
            failure = "the image is still missing after the pull";
        }
        if (failure != null) {
            String message = "pulling image \"" + ref.canonical() + "\" from registry " + ref.registry() + " "
                    + choice.describe(ref.registry()) + " failed: " + scrub.redact(failure);
            // Job secrets that happen to be in the image name are masked by the log filter (LogSecrets).
            LOG.warnf("job %d step %s: %s", spec.jobId(), spec.stepKey(), message);
            throw new StepStartException(message, null);
        }
    }

    /** Masks the credentials of this pull in anything the daemon says back. */
    private static Redactor scrubber(PullCredentials.Choice choice) {
        Map<String, String> secrets = new LinkedHashMap<>();
        choice.credential().ifPresent(c -> {
            for (String s : new String[] {c.password(), c.identityToken(), c.registryToken()}) {
                if (s != null) {
                    secrets.put(s, Redactor.SECRET_REMOVED);
                }
            }
        });
        return secrets.isEmpty() ? Redactor.none() : new Redactor(secrets);
    }

    private static void closeQuietly(ResultCallback.Adapter<PullResponseItem> callback) {
        try {
            callback.close();
        } catch (IOException ignored) {
            // the pull is being abandoned anyway
        }
    }
}
