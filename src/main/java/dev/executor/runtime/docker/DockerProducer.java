package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import dev.executor.config.ExecutorConfig;
import dev.executor.runtime.RegistryCredentials;
import dev.executor.runtime.Runtime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/** CDI wiring for the Docker runtime. */
@ApplicationScoped
public class DockerProducer {

    /**
     * Most processes (threads included) in one step container. Far above what package managers and
     * parallel builds use (a {@code make -j} build of a large C++ project stays in the hundreds), and low
     * enough that a fork bomb in a step exhausts its own budget instead of the host's pid space.
     */
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
        return new DockerRuntime(docker, options(config));
    }

    static DockerOptions options(ExecutorConfig config) {
        // Checked at load time (ConfigLoader), so parsing cannot fail here.
        RegistryCredentials auth = RegistryCredentials.parse(config.dockerAuthConfig());
        return new DockerOptions(config.dockerHostMountPath(), config.dockerAddHostGateway(),
                config.dockerAdditionalMounts(), config.cancelGracePeriod(), DEFAULT_PIDS_LIMIT,
                config.dockerPullPolicy(), config.dockerJobNetwork(), auth, config.dockerConfigDir());
    }
}
