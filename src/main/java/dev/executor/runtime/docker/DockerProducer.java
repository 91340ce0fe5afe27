package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import dev.executor.config.ExecutorConfig;
import dev.executor.runtime.Runtime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/** CDI wiring for the Docker runtime. */
@ApplicationScoped
public class DockerProducer {

    /** Enough for package managers and builds; stops fork bombs from taking the host down. */
    static final long DEFAULT_PIDS_LIMIT = 4096;

    @Produces
    @Singleton
    DockerClient dockerClient(ExecutorConfig config) {
        return DockerClients.create(config.maximumNumJobs());
    }

    void close(@Disposes DockerClient client) throws IOException {
        client.close();
    }

    @Produces
    @Singleton
    Runtime runtime(DockerClient docker, ExecutorConfig config) {
        return new DockerRuntime(docker, new DockerOptions(config.dockerHostMountPath(), config.dockerAddHostGateway(),
                config.dockerAdditionalMounts(), config.cancelGracePeriod(), DEFAULT_PIDS_LIMIT));
    }
}
