package dev.executor.queue;

import dev.executor.model.CliStep;

import dev.executor.model.DockerStep;

import dev.executor.model.JobFile;

import dev.executor.model.JobRef;

import dev.executor.model.Job;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The queue records Jackson reads and writes (and the {@link dev.executor.model} records it maps the payload onto,
 * with their mix-ins), registered for reflection so a native executable can
 * (de)serialize them. Quarkus registers REST client types it can see in method signatures, but
 * {@link FrontendApi} returns raw responses that {@link QueueClient} maps itself. {@code NativeReflectionTest}
 * fails when a record of this package, or a type one refers to, is missing here.
 */
@RegisterForReflection(targets = {
        CliStep.class,
        DequeueRequest.class,
        DequeueResult.Dequeued.class,
        DequeueResult.Empty.class,
        DequeueResult.Malformed.class,
        DockerStep.class,
        ExecutorIdentity.class,
        HeartbeatResponse.class,
        Job.class,
        JobFile.class,
        JobFileDeserializer.class,
        JobJson.IgnoreUnknown.class,
        JobJson.JobMixin.class,
        JobJson.RawJson.class,
        JobRef.class,
        LogEntryRequest.class,
        MarkRequest.class,
        MultiQueueHeartbeat.QueueJobIds.class,
        MultiQueueHeartbeat.class,
        SingleQueueHeartbeat.class,
        Telemetry.class
})
final class QueueJsonTypes {

    private QueueJsonTypes() {
    }
}
