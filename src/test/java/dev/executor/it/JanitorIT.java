package dev.executor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.Jobs;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.JobRecord.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The janitor against real containers: it removes labelled containers no job of its executor owns, and expired
 * ones, at start and every {@code EXECUTOR_CLEANUP_TASK_INTERVAL}; it never touches an unlabelled container or one
 * of another, live executor. Dequeuing pauses while the disk is short.
 */
class JanitorIT {

    static final String SECRET = "sk-janitor-secret-0123456789";

    private final List<String> made = new ArrayList<>();
    private final List<String> madeNetworks = new ArrayList<>();

    @AfterEach
    void removeTestContainers() {
        made.forEach(DockerProbe::removeQuietly);
        madeNetworks.forEach(DockerProbe::removeNetworkQuietly);
    }

    private String network(Map<String, String> labels) {
        String id = DockerProbe.createNetwork("janitor-it-" + UUID.randomUUID().toString().substring(0, 8), labels);
        madeNetworks.add(id);
        return id;
    }

    private String sleeper(Map<String, String> labels) {
        String id = DockerProbe.startSleeper(labels);
        made.add(id);
        return id;
    }

    private static Map<String, String> labels(String executorName, long jobId, String expiresAt) {
        Map<String, String> l = new java.util.HashMap<>(Map.of("dev.executor.managed", "true",
                "dev.executor.job-id", Long.toString(jobId), "dev.executor.queue", "batches",
                "dev.executor.executor-name", executorName, "dev.executor.step-key", "step.docker.0"));
        if (expiresAt != null) {
            l.put("dev.executor.expires-at", expiresAt);
        }
        return l;
    }

    /** An environment whose executor name is known in advance (stored in its state dir, as a restart would find it). */
    private static ExecutorEnv envWithName(FakeFrontend frontend, String name) throws Exception {
        ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches").with("HOSTNAME", "janitor-it");
        Files.writeString(Path.of(env.map().get("EXECUTOR_STATE_DIR"), "executor-name"), name + "\n");
        return env;
    }

    @Test
    void atStartItRemovesOurOrphansAndExpiredContainersOnly() throws Exception {
        String name = "janitor-it-" + UUID.randomUUID();
        String otherLive = "other-host-" + UUID.randomUUID();
        String orphan = sleeper(labels(name, 4242, Instant.now().plusSeconds(3600).toString()));
        String expired = sleeper(labels("dead-host-" + UUID.randomUUID(), 7, Instant.now().minusSeconds(3 * 3600).toString()));
        String othersLive = sleeper(labels(otherLive, 4242, Instant.now().plusSeconds(3600).toString()));
        String othersNoExpiry = sleeper(labels(otherLive, 4243, null));
        String unlabelled = sleeper(Map.of("purpose", "janitor-it-bystander"));
        Map<String, String> jobLabels = new java.util.HashMap<>(labels(name, 4242, null));
        jobLabels.remove("dev.executor.step-key");
        String orphanNetwork = network(jobLabels);
        Map<String, String> othersJob = new java.util.HashMap<>(labels(otherLive, 4242, null));
        othersJob.remove("dev.executor.step-key");
        String othersNetwork = network(othersJob);
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            try (ExecutorProcess executor = ExecutorProcess.start("janitor-start", envWithName(frontend, name).map())) {
                executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
                awaitGone(orphan, Duration.ofSeconds(10));
                awaitGone(expired, Duration.ofSeconds(10));
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (DockerProbe.networkExists(orphanNetwork) && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                assertFalse(DockerProbe.networkExists(orphanNetwork), "our orphaned job network is removed");
                assertTrue(DockerProbe.networkExists(othersNetwork), "another live executor's network is left alone");
                assertTrue(DockerProbe.exists(othersLive), "another live executor's container is left alone");
                assertTrue(DockerProbe.exists(othersNoExpiry), "another executor's container without expiry is left alone");
                assertTrue(DockerProbe.exists(unlabelled), "an unlabelled container is never touched");
                assertEquals(java.util.Set.of(name), frontend.executorNamesSeen(), "it used the name kept in the state dir");
                assertTrue(executor.output().contains(orphan), "the removal is logged with the container id");
                CrashRecoveryIT.stopCleanly(frontend, executor);
            }
        }
    }

    @Test
    void periodicallyItRemovesAnOrphanAppearingWhileItRunsButNotARunningJobsContainer() throws Exception {
        String name = "janitor-it-" + UUID.randomUUID();
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            ExecutorEnv env = envWithName(frontend, name).with("EXECUTOR_CLEANUP_TASK_INTERVAL", "1s");
            try (ExecutorProcess executor = ExecutorProcess.start("janitor-periodic", env.map())) {
                executor.awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
                long id = frontend.enqueue("batches", Jobs.job().step("sleep", "sleep 5", "echo slept").json());
                frontend.awaitState(id, Duration.ofSeconds(30), State.PROCESSING);
                String unlabelled = sleeper(Map.of("purpose", "janitor-it-bystander"));
                String orphan = sleeper(labels(name, id + 1000, null));
                awaitGone(orphan, Duration.ofSeconds(10));
                assertEquals(State.COMPLETED, frontend.awaitTerminal(id, Duration.ofSeconds(60)).state(),
                        "the running job's own container was not reaped");
                assertTrue(DockerProbe.exists(unlabelled));
                CrashRecoveryIT.stopCleanly(frontend, executor);
            }
        }
    }

    @Test
    void dequeuingPausesWhileFreeDiskIsBelowTheThreshold() throws Exception {
        try (FakeFrontend frontend = FakeFrontend.start(SECRET)) {
            ExecutorEnv env = ExecutorEnv.forFrontend(frontend, "batches").with("EXECUTOR_MIN_FREE_DISK", "1000000T");
            try (ExecutorProcess executor = ExecutorProcess.start("janitor-disk", env.map())) {
                long id = frontend.enqueue("batches", Jobs.job().step("x", "true").json());
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!executor.output().contains("Not taking jobs: only ") && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                assertTrue(executor.output().contains(", below EXECUTOR_MIN_FREE_DISK=1000000.0T"), executor.output());
                Thread.sleep(3000);
                assertEquals(State.QUEUED, frontend.job(id).state());
                assertTrue(frontend.requests("/dequeue").isEmpty(), "no dequeue while the disk is short");
                assertFalse(frontend.heartbeats().isEmpty(), "it is alive and heartbeating meanwhile");
                CrashRecoveryIT.stopCleanly(frontend, executor);
            }
        }
    }

    private static void awaitGone(String id, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (DockerProbe.exists(id)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("container " + id + " still exists after " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
