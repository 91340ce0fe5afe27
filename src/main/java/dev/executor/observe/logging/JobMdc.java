package dev.executor.observe.logging;

import java.util.Map;
import org.jboss.logging.MDC;

/**
 * Puts the job id and queue on the logging context (MDC) of the thread working on a job, so every line
 * logged about it carries both, in the text format and as fields of the JSON format, whoever logs it
 * (pipeline, git, Docker runtime). Threads are pooled: always clear with the returned scope.
 */
public final class JobMdc {

    public static final String JOB_ID = "job_id";
    public static final String QUEUE = "queue";

    /** Closes without checked exceptions, for try-with-resources. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private JobMdc() {
    }

    /** Sets the job's id and queue on this thread until the scope closes; restores what was there before. */
    public static Scope enter(long jobId, String queue) {
        Object previousId = MDC.get(JOB_ID);
        Object previousQueue = MDC.get(QUEUE);
        MDC.put(JOB_ID, Long.toString(jobId));
        MDC.put(QUEUE, queue == null ? "" : queue);
        return () -> {
            restore(JOB_ID, previousId);
            restore(QUEUE, previousQueue);
        };
    }

    /**
     * {@code executor} running every task with this job's context: a job's pipeline hops between pooled threads, and
     * each of its log lines must still name the job.
     */
    public static java.util.concurrent.Executor executor(long jobId, String queue, java.util.concurrent.Executor executor) {
        return task -> executor.execute(() -> {
            try (Scope ignored = enter(jobId, queue)) {
                task.run();
            }
        });
    }

    /** Wraps {@code task} to run with the caller's job context on whatever thread runs it. */
    public static Runnable propagate(Runnable task) {
        Object id = MDC.get(JOB_ID);
        Object queue = MDC.get(QUEUE);
        if (id == null) {
            return task;
        }
        return () -> {
            try (Scope ignored = enter(Long.parseLong(id.toString()), queue == null ? null : queue.toString())) {
                task.run();
            }
        };
    }

    /** The current context, for tests. */
    static Map<String, Object> current() {
        return MDC.getMap();
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
