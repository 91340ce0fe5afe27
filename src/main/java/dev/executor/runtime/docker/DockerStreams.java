package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.WaitResponse;
import dev.executor.logs.Pipe;
import dev.executor.runtime.LineSplitter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.io.Closeable;
import java.util.function.Consumer;

/**
 * docker-java's callback streams as Mutiny types: a container's output frames become a {@link Multi} of lines, a
 * wait becomes a {@link Uni} of the exit code. docker-java delivers callbacks on its own stream thread (one per
 * open stream, so bounded by the containers in flight); cancelling the subscription closes the stream.
 */
final class DockerStreams {

    /** One line of a container's output, without its newline. */
    record Line(Pipe pipe, String text) {
    }

    private DockerStreams() {
    }

    /**
     * The lines of a frame stream {@code exec} opens with the callback it is given (attach or logs). Lines are split
     * per stream; a last line without a newline is emitted when the stream ends. {@code onStart} runs once the
     * engine answered the request (for attach: the container's output is now captured, it may be started).
     */
    static Multi<Line> lines(Consumer<ResultCallback<Frame>> exec, Runnable onStart) {
        return Multi.createFrom().emitter(emitter -> {
            LineSplitter out = new LineSplitter(line -> emitter.emit(new Line(Pipe.STDOUT, line)));
            LineSplitter err = new LineSplitter(line -> emitter.emit(new Line(Pipe.STDERR, line)));
            ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onStart(Closeable stream) {
                    super.onStart(stream);
                    onStart.run();
                }

                @Override
                public void onNext(Frame frame) {
                    (frame.getStreamType() == StreamType.STDERR ? err : out).accept(frame.getPayload());
                }

                @Override
                public void onError(Throwable failure) {
                    out.flush();
                    err.flush();
                    emitter.fail(failure);
                    super.onError(failure);
                }

                @Override
                public void onComplete() {
                    out.flush();
                    err.flush();
                    emitter.complete();
                    super.onComplete();
                }
            };
            emitter.onTermination(() -> closeQuietly(callback));
            exec.accept(callback);
        });
    }

    /** The container's exit code once it stops (at once if it has). */
    static Uni<Integer> exitCode(DockerClient docker, String id) {
        return Uni.createFrom().emitter(emitter -> {
            ResultCallback.Adapter<WaitResponse> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(WaitResponse response) {
                    if (response.getStatusCode() != null) {
                        emitter.complete(response.getStatusCode());
                    }
                }

                @Override
                public void onError(Throwable failure) {
                    emitter.fail(failure);
                    super.onError(failure);
                }

                @Override
                public void onComplete() {
                    // after onNext this is ignored; without a status the engine broke the wait off
                    emitter.fail(new DockerClientException("Error while wait container: no status code"));
                    super.onComplete();
                }
            };
            emitter.onTermination(() -> closeQuietly(callback));
            docker.waitContainerCmd(id).exec(callback);
        });
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the stream is over either way
        }
    }
}
