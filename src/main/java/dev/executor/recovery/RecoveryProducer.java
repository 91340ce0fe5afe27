package dev.executor.recovery;

import dev.executor.config.ExecutorConfig;
import dev.executor.queue.ExecutorIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring of the state directory, the executor name kept in it, and the job journals. */
@ApplicationScoped
public class RecoveryProducer {

    @Produces
    @Singleton
    StateDir stateDir(ExecutorConfig config) {
        StateDir dir = new StateDir(config.stateDir());
        dir.lock();
        return dir;
    }

    @Produces
    @Singleton
    ExecutorIdentity identity(StateDir stateDir, ExecutorConfig config) {
        return new ExecutorIdentity(stateDir.executorName(ExecutorIdentity.hostname(config.hostname())));
    }

    @Produces
    @Singleton
    JobJournals journals(StateDir stateDir, ExecutorIdentity identity) {
        return new JobJournals(stateDir, identity.name());
    }
}
