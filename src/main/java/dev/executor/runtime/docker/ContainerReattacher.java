package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.executor.logs.Pipe;
import dev.executor.runtime.ContainerLabels;
import dev.executor.runtime.LineSplitter;
import dev.executor.runtime.ResumePoint;
import dev.executor.runtime.StepLostException;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepSpec;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Picks up a step's container after the executor restarted. The attach stream died with the old process, so the
 * output is read back from the container's log instead: replayed from the start (the engine keeps it until the
 * container is removed, running or exited) with the lines the spool already holds skipped per stream. Counting
 * lines, rather than seeking by timestamp, is exact: Docker's {@code since} has one-second granularity and lines
 * can share a timestamp. It needs a log driver that can be read back (json-file, local, journald) and a log not
 * rotated away; otherwise the step is lost and the job is finalised as such.
 */
final class ContainerReattacher {

    private static final Logger LOG = Logger.getLogger(ContainerReattacher.class);

    private final DockerClient docker;

    ContainerReattacher(DockerClient docker) {
        this.docker = docker;
    }

    /** The container of this step made by this executor for this job; others of the same step are removed. */
    String find(StepSpec spec) {
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.remove(ContainerLabels.EXPIRES_AT);
        List<Container> found;
        try {
            found = docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
        } catch (DockerException e) {
            throw new StepLostException("listing containers of step " + spec.stepKey() + ": " + DockerErrors.message(e), e);
        }
        if (found.isEmpty()) {
            throw new StepLostException("the container of step " + spec.stepKey() + " is gone", null);
        }
        List<Container> newestFirst = found.stream().sorted(Comparator.comparing(Container::getCreated).reversed()).toList();
        for (Container extra : newestFirst.subList(1, newestFirst.size())) {
            try {
                docker.removeContainerCmd(extra.getId()).withForce(true).exec();
            } catch (DockerException e) {
                LOG.warnf("removing duplicate container %s of step %s: %s", extra.getId(), spec.stepKey(),
                        DockerErrors.message(e));
            }
        }
        return newestFirst.get(0).getId();
    }

    /**
     * Starts the container if it never started, replays its log from {@code from} until it stops, and returns its
     * exit code.
     */
    int replay(String id, StepSpec spec, StepOutput output, ResumePoint from) throws InterruptedException {
        InspectContainerResponse inspect;
        try {
            inspect = docker.inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            throw new StepLostException("the container of step " + spec.stepKey() + " is gone", e);
        }
        if ("created".equals(inspect.getState().getStatus())) {
            LOG.infof("container %s of step %s was created but never started: starting it", id, spec.stepKey());
            docker.startContainerCmd(id).exec();
        }
        Skipping out = new Skipping(Pipe.STDOUT, from.stdoutLines(), output);
        Skipping err = new Skipping(Pipe.STDERR, from.stderrLines(), output);
        LineSplitter outLines = new LineSplitter(out::line);
        LineSplitter errLines = new LineSplitter(err::line);
        ResultCallback.Adapter<Frame> logs = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? errLines : outLines).accept(frame.getPayload());
            }
        };
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).withTailAll().exec(logs);
        try {
            logs.awaitCompletion();
        } catch (RuntimeException e) {
            throw new StepLostException("the log of container " + id + " of step " + spec.stepKey()
                    + " cannot be read back (log driver?): " + DockerErrors.message(e), e);
        }
        outLines.flush();
        errLines.flush();
        int exitCode = docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
        out.checkComplete(output);
        err.checkComplete(output);
        return exitCode;
    }

    /** Passes a stream's lines on after the first {@code skip}, which the spool already holds. */
    private static final class Skipping {
        private final Pipe pipe;
        private final long skip;
        private final StepOutput output;
        private long seen;

        Skipping(Pipe pipe, long skip, StepOutput output) {
            this.pipe = pipe;
            this.skip = skip;
            this.output = output;
        }

        void line(String line) {
            if (++seen > skip) {
                output.line(pipe, line);
            }
        }

        /** A log shorter than the spool means the engine dropped its start (rotation): say so in the entry. */
        void checkComplete(StepOutput output) {
            if (seen < skip) {
                output.line(Pipe.STDERR, "executor: the container's " + pipe.name().toLowerCase()
                        + " log replayed only " + seen + " of the " + skip
                        + " lines already kept (rotated?); output after the restart may be incomplete");
            }
        }
    }
}
