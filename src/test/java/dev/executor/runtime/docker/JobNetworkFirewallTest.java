package dev.executor.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.config.PullPolicy;
import dev.executor.runtime.ContainerLabels;
import dev.executor.runtime.JobEnvironment;
import dev.executor.runtime.RegistryCredentials;
import dev.executor.testing.DockerProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The job network firewall against the real engine and the real iptables dockerd uses, checked by reading the
 * installed rules (never by sending traffic to a metadata address or off this machine): present while the job
 * network exists, keyed on its bridge; gone with it; absent when the setting is off or there is no job network.
 */
class JobNetworkFirewallTest {

    private final String executorName = "firewall-test-" + UUID.randomUUID();

    @AfterEach
    void cleanUp() {
        DockerProbe.networksOfExecutorName(executorName).forEach(n -> {
            DockerProbe.client().removeNetworkCmd(n).exec();
        });
    }

    private DockerRuntime runtime(boolean jobNetwork, boolean firewall, boolean addHostGateway, List<String> cidrs) {
        return new DockerRuntime(DockerProbe.client(), new DockerOptions(null, addHostGateway, List.of(),
                Duration.ofSeconds(1), 0, PullPolicy.IF_NOT_PRESENT, jobNetwork, RegistryCredentials.NONE, null,
                firewall, cidrs));
    }

    private Map<String, String> labels(long jobId) {
        return ContainerLabels.ofJob(jobId, "batches", executorName);
    }

    /** The iptables dockerd uses here: the front end whose tables hold Docker's DOCKER-USER chain. */
    static String iptables() {
        for (String candidate : List.of("iptables", "iptables-nft", "iptables-legacy")) {
            if (exec(candidate, "-w", "5", "-S", "DOCKER-USER").exit == 0) {
                return candidate;
            }
        }
        throw new AssertionError("no iptables shows DOCKER-USER");
    }

    record Result(int exit, String out) {
    }

    static Result exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Rules of {@code chain} that name {@code network} in their comment. */
    static List<String> rules(String chain, String network) {
        Result r = exec(iptables(), "-w", "5", "-S", chain);
        assertEquals(0, r.exit(), r.out());
        return r.out().lines().filter(l -> l.contains("\"executor job network " + network + "\"")).toList();
    }

    static String bridge(String network) {
        String id = DockerProbe.client().inspectNetworkCmd().withNetworkId(network).exec().getId();
        return "br-" + id.substring(0, 12);
    }

    @Test
    void rulesArePresentWhileTheJobNetworkExistsAndGoneWithIt() {
        DockerRuntime runtime = runtime(true, true, false, List.of("10.66.0.0/16", "192.0.2.0/24"));
        String network;
        try (JobEnvironment env = runtime.prepareJob("batches-7101", labels(7101))) {
            network = env.network();
            String bridge = bridge(network);
            List<String> forward = rules("DOCKER-USER", network);
            assertEquals(3, forward.size(), forward.toString());
            for (String cidr : List.of("169.254.0.0/16", "10.66.0.0/16", "192.0.2.0/24")) {
                assertTrue(forward.stream().anyMatch(l -> l.startsWith("-A DOCKER-USER ") && l.contains("-d " + cidr + " ")
                        && l.contains("-i " + bridge + " ") && l.contains("-j REJECT")), cidr + " in " + forward);
            }
            List<String> input = rules("INPUT", network);
            assertEquals(1, input.size(), input.toString());
            assertTrue(input.get(0).contains("-i " + bridge + " ") && input.get(0).contains("-j REJECT")
                    && !input.get(0).contains(" -d "), "everything from the bridge to the host is refused: " + input);
            // DOCKER-USER is walked first in FORWARD: our rules come before its final RETURN.
            List<String> chain = exec(iptables(), "-w", "5", "-S", "DOCKER-USER").out().lines()
                    .filter(l -> l.startsWith("-A ")).toList();
            assertTrue(chain.indexOf(forward.get(0)) < chain.indexOf("-A DOCKER-USER -j RETURN"), chain.toString());
        }
        assertEquals(List.of(), rules("DOCKER-USER", network), "rules gone with the network");
        assertEquals(List.of(), rules("INPUT", network), "rules gone with the network");
    }

    @Test
    void theJanitorsRemovalTakesTheRulesToo() {
        DockerRuntime runtime = runtime(true, true, false, List.of());
        JobEnvironment env = runtime.prepareJob("batches-7102", labels(7102));
        String network = env.network();
        assertEquals(1, rules("DOCKER-USER", network).size());
        String id = DockerProbe.client().inspectNetworkCmd().withNetworkId(network).exec().getId();
        runtime.removeNetwork(id); // as the janitor does with a leftover network
        assertEquals(List.of(), rules("DOCKER-USER", network));
        assertEquals(List.of(), rules("INPUT", network));
    }

    @Test
    void withTheHostGatewayTheHostStaysReachableButLinkLocalDoesNot() {
        DockerRuntime runtime = runtime(true, true, true, List.of());
        try (JobEnvironment env = runtime.prepareJob("batches-7103", labels(7103))) {
            assertEquals(1, rules("DOCKER-USER", env.network()).size());
            assertEquals(List.of(), rules("INPUT", env.network()));
        }
    }

    @Test
    void theSettingOffInstallsNothing() {
        DockerRuntime runtime = runtime(true, false, false, List.of("10.66.0.0/16"));
        try (JobEnvironment env = runtime.prepareJob("batches-7104", labels(7104))) {
            assertTrue(env.network() != null);
            assertEquals(List.of(), rules("DOCKER-USER", env.network()));
            assertEquals(List.of(), rules("INPUT", env.network()));
        }
    }

    @Test
    void resumingAJobReinstallsItsRulesOnce() {
        DockerRuntime runtime = runtime(true, true, false, List.of());
        JobEnvironment first = runtime.prepareJob("batches-7105", labels(7105));
        // a restarted executor resumes the job: same network, rules not doubled
        try (JobEnvironment resumed = runtime(true, true, false, List.of()).resumeJob("batches-7105", labels(7105))) {
            assertEquals(first.network(), resumed.network());
            assertEquals(1, rules("DOCKER-USER", resumed.network()).size());
            assertEquals(1, rules("INPUT", resumed.network()).size());
        }
        assertEquals(List.of(), rules("DOCKER-USER", first.network()));
    }

    @Test
    void splitRuleReadsTheQuotedComment() {
        assertEquals(List.of("DOCKER-USER", "-d", "169.254.0.0/16", "-i", "br-0123456789ab", "-m", "comment",
                        "--comment", "executor job network n-1", "-j", "REJECT"),
                JobNetworkFirewall.splitRule("DOCKER-USER -d 169.254.0.0/16 -i br-0123456789ab -m comment --comment "
                        + "\"executor job network n-1\" -j REJECT"));
    }
}
