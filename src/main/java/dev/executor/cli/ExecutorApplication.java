package dev.executor.cli;

import dev.executor.config.ExecutorConfig;
import dev.executor.observe.ReadinessNotifier;
import dev.executor.worker.Worker;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * {@code executor run}: starts the worker and blocks until it should stop. The first SIGTERM, SIGINT or
 * SIGHUP (Sourcegraph's three) drains: no new jobs, running jobs finish up to
 * {@code EXECUTOR_SHUTDOWN_TIMEOUT}, the rest are stopped and left unmarked for the frontend to re-queue.
 * A second signal skips the wait and stops running jobs at once. Retirement
 * ({@code EXECUTOR_NUM_TOTAL_JOBS}, {@code EXECUTOR_MAX_ACTIVE_TIME}) ends the same way. All of these
 * exit 0, which the autoscaling pattern reads as "power the host off" (docs/lifecycle.md).
 */
public class ExecutorApplication implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(ExecutorApplication.class);

    @Inject
    Worker worker;

    @Inject
    ExecutorConfig config;

    @Inject
    ReadinessNotifier systemd;

    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger signals = new AtomicInteger();

    @Override
    public int run(String... args) throws Exception {
        Signal.handle(new Signal("TERM"), this::onSignal);
        Signal.handle(new Signal("INT"), this::onSignal);
        Signal.handle(new Signal("HUP"), this::onSignal);
        LOG.infof("Starting executor %s for %s", Version.current(), config.workerName());
        worker.start();
        systemd.start();
        worker.retired().thenAccept(reason -> {
            LOG.infof("Executor retiring: %s", reason);
            systemd.stopping("retiring: " + reason);
            done.countDown();
        });
        done.await();
        worker.stop();
        LOG.info("Executor stopped");
        return 0;
    }

    private void onSignal(Signal signal) {
        if (signals.incrementAndGet() == 1) {
            LOG.infof("Received SIG%s: draining (send it again to stop running jobs now)", signal.getName());
            Thread drain = new Thread(() -> {
                systemd.stopping("draining running jobs after SIG" + signal.getName());
                worker.drain(config.shutdownTimeout());
                done.countDown();
            }, "drain");
            drain.setDaemon(true);
            drain.start();
        } else {
            LOG.warnf("Received SIG%s again: stopping running jobs now", signal.getName());
            Thread abort = new Thread(() -> {
                worker.abortRunningJobs();
                done.countDown();
            }, "abort");
            abort.setDaemon(true);
            abort.start();
        }
    }
}
