package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.executor.observe.logging.JobMdc;
import dev.executor.runtime.ContainerLabels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Removes a finished step's container in the background, so the job's next step starts without waiting for the
 * engine to delete the old one (about 20 ms a step, a few percent of a short step). A job's removals are awaited
 * when its environment closes, before its network goes and before the job is reported, so a finished job still
 * leaves nothing behind. Should the executor die first, the containers' labels let recovery and the janitor find
 * them.
 */
final class ContainerRemovals {

    private static final Logger LOG = Logger.getLogger(ContainerRemovals.class);
    /** How long closing a job waits for its removals; the engine answers a removal in milliseconds. */
    private static final long AWAIT_SECONDS = 60;

    private final DockerClient docker;
    private final Map<String, List<Future<?>>> pending = new ConcurrentHashMap<>();
    private final ExecutorService removers;

    /** @param removers the runtime's bounded executor for engine calls */
    ContainerRemovals(DockerClient docker, ExecutorService removers) {
        this.docker = docker;
        this.removers = removers;
    }

    /** The key of one job's containers: its queue and id, as in the labels (ids are per queue). */
    static String jobKey(Map<String, String> labels) {
        return labels.get(ContainerLabels.QUEUE) + "/" + labels.get(ContainerLabels.JOB_ID);
    }

    /** Starts removing the container; {@link #await} with the same labels' job waits for it. */
    void removeLater(String id, long jobId, String stepKey, Map<String, String> labels) {
        Future<?> removal = removers.submit(JobMdc.propagate(() -> remove(id, jobId, stepKey)));
        pending.computeIfAbsent(jobKey(labels), k -> Collections.synchronizedList(new ArrayList<>())).add(removal);
    }

    /** Waits until every container of the job handed to {@link #removeLater} is removed (or its removal failed). */
    void await(Map<String, String> jobLabels) {
        List<Future<?>> removals = pending.remove(jobKey(jobLabels));
        if (removals == null) {
            return;
        }
        for (Future<?> removal : removals) {
            try {
                removal.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.errorf("job %s: a container removal did not finish: %s", jobKey(jobLabels), e);
            }
        }
    }

    /** Removes now, with the volumes Docker made for it; failures are logged (the janitor retries by label). */
    void remove(String id, long jobId, String stepKey) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            LOG.errorf("removing container %s of job %d step %s failed: %s", id, jobId, stepKey,
                    DockerErrors.message(e));
        }
    }
}
