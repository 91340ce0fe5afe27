package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import dev.executor.config.ExecutorConfig;
import dev.executor.runtime.RegistryCredentials;
import dev.executor.observe.metrics.ExecutorMetrics;
import dev.executor.runtime.Runtime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.jboss.logging.Logger;

/** CDI wiring for the Docker runtime. */
@ApplicationScoped
public class DockerProducer {

    private static final Logger LOG = Logger.getLogger(DockerProducer.class);

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

    /**
     * Docker's default address pools hold about 30 bridge networks (172.17-31.0.0/16 and 16 /20s of
     * 192.168.0.0/16), docker0 and other projects' networks included.
     */
    static final int NETWORKS_WITHOUT_POOL_WARNING = 24;

    @Produces
    @Singleton
    Runtime runtime(DockerClient docker, ExecutorConfig config, ExecutorMetrics metrics) {
        if (config.dockerJobNetwork() && config.maximumNumJobs() > NETWORKS_WITHOUT_POOL_WARNING) {
            LOG.warnf("EXECUTOR_MAXIMUM_NUM_JOBS=%d with EXECUTOR_DOCKER_JOB_NETWORK=true needs that many bridge "
                    + "networks at once; Docker's default address pools hold about 30. Widen the daemon's "
                    + "default-address-pools or jobs will fail to create their network.", config.maximumNumJobs());
        }
        DockerOptions options = options(config);
        if (!config.dockerJobNetwork() && config.jobFirewall().enabled()) {
            LOG.warnf("EXECUTOR_DOCKER_JOB_NETWORK=false: job containers share Docker's default bridge, where the job "
                    + "network firewall does not apply; they can reach link-local 169.254.0.0/16 (cloud metadata) and "
                    + "this host. Keep job networks on, or block that traffic on docker0 yourself.");
        } else {
            LOG.infof("Job network firewall: %s", options.firewall().describe());
        }
        return new DockerRuntime(docker, options, metrics, config.maximumNumJobs());
    }

    /** The options the configuration asks for; the service and {@code run-job} share them. */
    public static DockerOptions options(ExecutorConfig config) {
        // Checked at load time (ConfigLoader), so parsing cannot fail here.
        RegistryCredentials auth = RegistryCredentials.parse(config.dockerAuthConfig());
        return new DockerOptions(config.dockerHostMountPath(), config.dockerAddHostGateway(),
                config.dockerAdditionalMounts(), config.cancelGracePeriod(), DEFAULT_PIDS_LIMIT,
                config.dockerPullPolicy(), config.dockerJobNetwork(), auth, config.dockerConfigDir(),
                config.jobFirewall().enabled(), config.jobFirewall().blockedCidrs());
    }
}
