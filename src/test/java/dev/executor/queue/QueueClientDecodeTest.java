package dev.executor.queue;

import dev.executor.model.JobRef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.executor.observe.metrics.OperationMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which queue a dequeued job's calls go to (spec §1.3 row 5): {@code job.queue}, else the configured queue. */
class QueueClientDecodeTest {

    static QueueClient client(boolean multi, List<String> queues) {
        return new QueueClient(null, new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new Credentials("s"), "exec-1", queues, multi,
                new OperationMetrics(new SimpleMeterRegistry(), "q", Tags.empty()));
    }

    @Test
    void singleQueueJobsUseTheConfiguredQueue() {
        DequeueResult r = client(false, List.of("codeintel")).decodeJob("{\"id\": 42, \"token\": \"t\"}");
        assertEquals(new JobRef(42, "codeintel", "t"), assertInstanceOf(DequeueResult.Dequeued.class, r).ref());
    }

    @Test
    void multiQueueJobsUseTheirOwnQueue() {
        DequeueResult r = client(true, List.of("batches", "codeintel"))
                .decodeJob("{\"id\": 42, \"queue\": \"codeintel\", \"token\": \"t\"}");
        assertEquals(new JobRef(42, "codeintel", "t"), assertInstanceOf(DequeueResult.Dequeued.class, r).ref());
    }

    @Test
    void aMultiQueueJobWithoutOneOfOurQueuesCannotBeAddressed() {
        QueueClient client = client(true, List.of("batches", "codeintel"));
        DequeueResult.Malformed missing = assertInstanceOf(DequeueResult.Malformed.class,
                client.decodeJob("{\"id\": 42, \"token\": \"t\"}"));
        assertEquals("malformed job payload: job 42 has field \"queue\" missing, expected one of [batches, codeintel]",
                missing.error());
        assertNull(missing.ref(), "no path to report it on");
        DequeueResult.Malformed other = assertInstanceOf(DequeueResult.Malformed.class,
                client.decodeJob("{\"id\": 42, \"queue\": \"lsif\", \"token\": \"t\"}"));
        assertEquals("malformed job payload: job 42 has field \"queue\" \"lsif\", expected one of [batches, codeintel]",
                other.error());
    }
}
