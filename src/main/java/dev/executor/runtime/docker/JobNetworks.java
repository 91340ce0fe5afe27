package dev.executor.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.executor.runtime.ContainerLabels;
import dev.executor.runtime.JobEnvironment;
import dev.executor.runtime.ManagedResource;
import dev.executor.runtime.StepStartException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * One bridge network per job, so the containers of concurrent jobs cannot reach each other (on Docker's
 * default bridge they can). Steps of the job share it, which keeps services started by one step
 * reachable from the next. Removed when the job ends, whatever happened; the labels let the janitor
 * find a network left by a crashed executor. Its {@link JobNetworkFirewall} rules are installed before the job
 * uses it and removed with it.
 */
final class JobNetworks {

    private static final Logger LOG = Logger.getLogger(JobNetworks.class);

    /** Docker network names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
    private static final String UNSAFE = "[^a-zA-Z0-9_.-]";

    /** The bridge option Docker reads; without it the bridge is {@code br-<first 12 of the network id>}. */
    static final String BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";

    private final DockerClient docker;
    private final JobNetworkFirewall firewall;

    JobNetworks(DockerClient docker, JobNetworkFirewall firewall) {
        this.docker = docker;
        this.firewall = firewall;
    }

    /** Creates {@code executor-<name>-<random>}; the suffix keeps a retried job clear of a leftover. */
    JobEnvironment create(String name, Map<String, String> labels) {
        String network = "executor-" + name.replaceAll(UNSAFE, "_") + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        String id;
        try {
            id = docker.createNetworkCmd().withName(network).withDriver("bridge").withLabels(labels)
                    .withCheckDuplicate(true).exec().getId();
        } catch (DockerException e) {
            throw new StepStartException("creating the job's network " + network + ": " + DockerErrors.message(e)
                    + hint(e), e);
        }
        fence(network, id);
        return environment(network);
    }

    /** Installs the firewall rules before any container joins; a network that cannot be fenced is removed. */
    private void fence(String network, String id) {
        if (!firewall.enabled()) {
            return;
        }
        try {
            firewall.install(network, bridge(id));
        } catch (RuntimeException e) {
            remove(network);
            throw e;
        }
    }

    /** The Linux bridge interface of a network. */
    String bridge(String id) {
        Map<String, String> options = docker.inspectNetworkCmd().withNetworkId(id).exec().getOptions();
        String named = options == null ? null : options.get(BRIDGE_NAME_OPTION);
        return named != null && !named.isEmpty() ? named : "br-" + id.substring(0, Math.min(12, id.length()));
    }

    /**
     * The network an earlier process of this executor made for the job (same job labels; the expiry may differ in
     * form only), or a new one. Extra leftovers of the same job are removed.
     */
    JobEnvironment existingOrNew(String name, Map<String, String> labels) {
        List<ManagedResource> same = managed().stream()
                .filter(n -> sameJob(n.labels(), labels)).toList();
        if (same.isEmpty()) {
            return create(name, labels);
        }
        for (ManagedResource extra : same.subList(1, same.size())) {
            remove(extra.id());
        }
        String network = docker.inspectNetworkCmd().withNetworkId(same.get(0).id()).exec().getName();
        LOG.infof("Resumed job %s keeps its network %s", name, network);
        fence(network, same.get(0).id()); // the rules may be gone (a reboot) or from an older setting
        return environment(network);
    }

    private static boolean sameJob(Map<String, String> a, Map<String, String> b) {
        for (String label : List.of(ContainerLabels.JOB_ID, ContainerLabels.QUEUE, ContainerLabels.EXECUTOR)) {
            if (!java.util.Objects.equals(a.get(label), b.get(label))) {
                return false;
            }
        }
        return true;
    }

    /** Every network with our managed label. */
    List<ManagedResource> managed() {
        return docker.listNetworksCmd().withFilter("label", List.of(ContainerLabels.MANAGED + "=true")).exec().stream()
                .map(n -> new ManagedResource(n.getId(), n.getLabels() == null ? Map.of() : Map.copyOf(n.getLabels()),
                        "network"))
                .toList();
    }

    /** Removes a network now; throws when the engine refuses (still in use, say). */
    void removeOrThrow(String network) {
        try {
            if (firewall.enabled()) {
                firewall.remove(docker.inspectNetworkCmd().withNetworkId(network).exec().getName());
            }
            docker.removeNetworkCmd(network).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (DockerException e) {
            throw new IllegalStateException("removing network " + network + ": " + DockerErrors.message(e), e);
        }
    }

    private JobEnvironment environment(String network) {
        return new JobEnvironment() {
            @Override
            public String network() {
                return network;
            }

            @Override
            public void close() {
                remove(network);
            }
        };
    }

    /** The usual reason creation fails, spelled out for the operator. */
    private static String hint(DockerException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("address pool") || m.contains("non-overlapping")
                ? " (the engine ran out of network address pools: lower EXECUTOR_MAXIMUM_NUM_JOBS, widen the daemon's "
                        + "default-address-pools, or set EXECUTOR_DOCKER_JOB_NETWORK=false)"
                : "";
    }

    private void remove(String network) {
        firewall.remove(network);
        for (int attempt = 1; ; attempt++) {
            try {
                docker.removeNetworkCmd(network).exec();
                return;
            } catch (NotFoundException e) {
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    LOG.errorf("removing job network %s failed: %s", network, DockerErrors.message(e));
                    return;
                }
                sleep(200L * attempt); // endpoint cleanup of a just-removed container can lag a moment
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
