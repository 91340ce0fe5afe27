package dev.executor.workspace.git;

import dev.executor.config.ExecutorConfig;
import dev.executor.config.HostEnvironment;
import dev.executor.logs.JobLog;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.queue.Credentials;
import dev.executor.queue.ExecutorIdentity;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.queue.QueueClientProducer;
import dev.executor.queue.transport.FrontendTransport;
import dev.executor.runtime.Cancellation;
import dev.executor.workspace.RepositoryCloner;
import dev.executor.workspace.WorkspaceException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks out a job's repository with git on the host (spec §4.4): a {@link GitProxy} for the duration of
 * the clone, then each command of {@link GitCommands} as its own log entry ({@link GitSequence}). The first
 * failing command ends the clone with {@code failed setup.git.<key>: command failed with exit code <n>}.
 */
@ApplicationScoped
public class GitCloner implements RepositoryCloner {

    private final Vertx vertx;
    private final GitUpstream http;
    private final URI upstream;
    private final Credentials credentials;
    private final String executorName;
    private final CommandMetrics metrics;
    private final HostEnvironment host;

    public GitCloner(Vertx vertx, ExecutorConfig config, ExecutorIdentity identity, FrontendTransport transport,
            CommandMetrics metrics, HostEnvironment host) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.host = host;
        // The frontend's TLS trust and proxy, like every frontend call. A few connections per running job; no idle
        // timeout: a big fetch may be slow.
        this.http = GitUpstream.create(vertx, transport.applyTo(new HttpClientOptions().setConnectTimeout(10_000)),
                Math.max(4, 2 * config.maximumNumJobs()));
        this.upstream = URI.create(QueueClientProducer.baseUri(config.frontendUrl()) + "/.executors/git");
        this.credentials = new Credentials(config.frontendPassword());
        this.executorName = identity.name();
    }

    @PreDestroy
    void close() {
        http.close();
    }

    @Override
    public void checkout(Job job, JobRef ref, Path repoDir, JobLog log, Cancellation cancel) {
        GitCommands.validate(job);
        try {
            Files.createDirectories(repoDir);
        } catch (IOException e) {
            throw new WorkspaceException("creating repository directory " + repoDir + ": " + e, e);
        }
        try (GitProxy proxy = GitProxy.start(vertx, http, upstream, job.repositoryName(), proxyHeaders(ref))) {
            GitSequence.run(GitCommands.plan(job, repoDir, proxy.port()), proxy.gitEnvironment(), log, cancel, metrics, host);
        }
    }

    /** What the frontend's git route wants (spec §1.2, §1.8); only the proxy ever holds these values. */
    private Map<String, String> proxyHeaders(JobRef ref) {
        return Map.of(
                "Authorization", credentials.jobHeader(ref),
                "X-Sourcegraph-Actor-UID", "internal",
                "X-Sourcegraph-Job-ID", Long.toString(ref.id()),
                "X-Sourcegraph-Executor-Name", executorName);
    }

}
