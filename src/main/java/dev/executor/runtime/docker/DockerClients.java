package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/**
 * Builds the docker-java client from the standard Docker environment ({@code DOCKER_HOST}, default
 * {@code unix:///var/run/docker.sock}). The connection pool is sized for every job in flight, since
 * each attached step holds a connection for its whole run.
 */
public final class DockerClients {

    private DockerClients() {
    }

    public static DockerClient create(int maxJobs) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(Math.max(32, maxJobs * 4 + 8))
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
