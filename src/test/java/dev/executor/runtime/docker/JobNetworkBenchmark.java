package dev.executor.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import dev.executor.runtime.JobEnvironment;
import dev.executor.testing.DockerProbe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a per-job network costs, measured through the production code ({@link JobNetworks}) against the
 * real engine: network create + remove alone, and a one-step job's container run on Docker's default
 * bridge versus on its own network (create, run, remove). Runs interleave so load drift hits both sides.
 *
 * <p>Not part of the normal suites (the name matches neither {@code *Test} nor {@code *IT}); run it with
 * {@code ./mvnw -B -o test -Dtest=JobNetworkBenchmark -Dbench.iterations=30}. The numbers in
 * {@code docs/security.md} come from it. It fails if a network is left behind.
 */
class JobNetworkBenchmark {

    private static final String LABEL = "dev.executor.benchmark";

    @Test
    void measure() {
        int iterations = Integer.getInteger("bench.iterations", 20);
        DockerClient docker = DockerProbe.client();
        JobNetworks networks = new JobNetworks(docker, new JobNetworkFirewall(true, List.of(), true)); // as by default
        String run = UUID.randomUUID().toString();
        Map<String, String> labels = Map.of(LABEL, run);
        List<Long> networkOnly = new ArrayList<>();
        List<Long> defaultBridge = new ArrayList<>();
        List<Long> ownNetwork = new ArrayList<>();

        runContainer(docker, null); // warm-up: image cache, client connection
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            networks.create("bench-" + i, labels).close();
            networkOnly.add(System.nanoTime() - t0);

            long t1 = System.nanoTime();
            runContainer(docker, null);
            defaultBridge.add(System.nanoTime() - t1);

            long t2 = System.nanoTime();
            try (JobEnvironment env = networks.create("bench-run-" + i, labels)) {
                runContainer(docker, env.network());
            }
            ownNetwork.add(System.nanoTime() - t2);
        }
        System.out.printf("iterations=%d%n", iterations);
        System.out.println("network create+remove  " + stats(networkOnly));
        System.out.println("job on default bridge  " + stats(defaultBridge));
        System.out.println("job on its own network " + stats(ownNetwork));
        assertEquals(List.of(), docker.listNetworksCmd().exec().stream()
                .filter(n -> n.getLabels() != null && run.equals(n.getLabels().get(LABEL))).toList(), "networks left behind");
    }

    /** One step's container lifecycle as the runtime does it: create, start, wait, remove. */
    private static void runContainer(DockerClient docker, String network) {
        var host = com.github.dockerjava.api.model.HostConfig.newHostConfig().withInit(true);
        if (network != null) {
            host.withNetworkMode(network);
        }
        String id = docker.createContainerCmd(DockerProbe.TEST_IMAGE).withEntrypoint("/bin/sh").withCmd("-c", "true")
                .withHostConfig(host).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static String stats(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        return String.format("median %4d ms  p90 %4d ms  mean %6.1f ms  min %4d ms  max %4d ms",
                sorted.get(sorted.size() / 2) / 1_000_000, sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1) / 1_000_000,
                mean, sorted.get(0) / 1_000_000, sorted.get(sorted.size() - 1) / 1_000_000);
    }
}
