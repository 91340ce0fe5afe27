package dev.executor.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.util.List;

/** Asks the real Docker engine what exists, for assertions such as "no container outlived its job". */
public final class DockerProbe {

    public static final String TEST_IMAGE = "executor-test/busybox:latest";
    private static final String JOB_LABEL = "dev.executor.job-id";

    private static DockerClient client;

    private DockerProbe() {
    }

    public static synchronized DockerClient client() {
        if (client == null) {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
            client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).build());
        }
        return client;
    }

    /** All containers (running or not) labelled as belonging to the given executor. */
    public static List<Container> containersOfExecutorName(String executorName) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of("dev.executor.executor-name", executorName)).exec();
    }

    /** All containers (running or not) that carry our job label, whoever made them. */
    public static List<Container> executorContainers() {
        return client().listContainersCmd().withShowAll(true).withLabelFilter(List.of(JOB_LABEL)).exec();
    }

    /**
     * The step keys of the containers one executor created for one job between two instants, from the engine's
     * event log: what ran and was removed since is still seen here.
     */
    public static List<String> createdStepKeys(String executorName, long jobId, java.time.Instant since,
            java.time.Instant until) {
        List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            client().eventsCmd()
                    .withSince(Long.toString(since.getEpochSecond()))
                    .withUntil(Long.toString(until.getEpochSecond() + 1))
                    .withEventTypeFilter(com.github.dockerjava.api.model.EventType.CONTAINER)
                    .withEventFilter("create")
                    .withLabelFilter(java.util.Map.of("dev.executor.executor-name", executorName, JOB_LABEL,
                            Long.toString(jobId)))
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Event>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Event event) {
                            keys.add(event.getActor().getAttributes().get("dev.executor.step-key"));
                        }
                    }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return List.copyOf(keys);
    }

    /** Ids of the job networks labelled as belonging to the given executor. */
    public static List<String> networksOfExecutorName(String executorName) {
        return client().listNetworksCmd().withFilter("label", List.of("dev.executor.executor-name=" + executorName))
                .exec().stream().map(com.github.dockerjava.api.model.Network::getId).toList();
    }

    /** Creates a bridge network with these labels; returns its id. */
    public static String createNetwork(String name, java.util.Map<String, String> labels) {
        return client().createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels).exec().getId();
    }

    /** Whether a network with this id exists. */
    public static boolean networkExists(String id) {
        return client().listNetworksCmd().withIdFilter(id).exec().stream().anyMatch(n -> n.getId().equals(id));
    }

    /** Removes a network the test made, if it still exists. */
    public static void removeNetworkQuietly(String id) {
        try {
            client().removeNetworkCmd(id).exec();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** Creates and starts a long-sleeping test container with exactly these labels; returns its id. */
    public static String startSleeper(java.util.Map<String, String> labels) {
        String id = client().createContainerCmd(TEST_IMAGE).withCmd("sleep", "300").withLabels(labels).exec().getId();
        client().startContainerCmd(id).exec();
        return id;
    }

    /** Whether a container with this id exists (running or not). */
    public static boolean exists(String id) {
        try {
            client().inspectContainerCmd(id).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }

    /** Removes a container the test made, if it still exists. */
    public static void removeQuietly(String id) {
        try {
            client().removeContainerCmd(id).withForce(true).exec();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** Containers of one job id. */
    public static List<Container> containersOfJob(long jobId) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(JOB_LABEL, Long.toString(jobId))).exec();
    }
}
