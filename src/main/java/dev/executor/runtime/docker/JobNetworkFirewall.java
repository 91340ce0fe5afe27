package dev.executor.runtime.docker;

import dev.executor.runtime.StepStartException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the containers of a job network away from link-local {@code 169.254.0.0/16} (the cloud instance metadata
 * service: on EC2 it hands out the instance role's credentials), the operator's extra CIDRs, and this host's own
 * addresses, with iptables rules keyed on the network's bridge interface:
 *
 * <ul>
 *   <li>{@code DOCKER-USER} (the {@code FORWARD} path, evaluated before Docker's own rules):
 *       {@code -i <bridge> -d <cidr> -j REJECT} for link-local and each extra CIDR;</li>
 *   <li>{@code INPUT} (packets addressed to the host itself, whichever of its addresses):
 *       {@code -i <bridge> -j REJECT}, unless jobs are meant to reach the host
 *       ({@code EXECUTOR_DOCKER_ADD_HOST_GATEWAY=true}).</li>
 * </ul>
 *
 * Every rule carries the comment {@code executor job network <name>}, so it is found and removed with its
 * network, and only ours are touched. The iptables front end is the one dockerd uses: the first of {@code iptables},
 * {@code iptables-nft}, {@code iptables-legacy} that shows Docker's {@code DOCKER-USER} chain (Docker 20.10 uses
 * whichever {@code iptables} is, nft or legacy). Job networks are IPv4 only (created without IPv6), so there are no
 * ip6tables rules. Blocking calls: run on a job thread.
 */
final class JobNetworkFirewall {

    private static final Logger LOG = Logger.getLogger(JobNetworkFirewall.class);

    /** Link-local: the metadata services of EC2, GCE, Azure, OpenStack and others live at 169.254.169.254. */
    static final String LINK_LOCAL = "169.254.0.0/16";

    static final String DOCKER_USER = "DOCKER-USER";
    static final String INPUT = "INPUT";
    static final String COMMENT_PREFIX = "executor job network ";

    private static final List<String> FRONT_ENDS = List.of("iptables", "iptables-nft", "iptables-legacy");
    private static final long COMMAND_SECONDS = 30;

    private final boolean enabled;
    private final List<String> blockedCidrs;
    private final boolean blockHost;
    private volatile String iptables;

    /**
     * @param enabled      {@code EXECUTOR_DOCKER_JOB_NETWORK_FIREWALL}
     * @param extraCidrs   {@code EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS}, checked IPv4 CIDRs
     * @param blockHost    whether the host's own addresses are blocked (not with {@code EXECUTOR_DOCKER_ADD_HOST_GATEWAY})
     */
    JobNetworkFirewall(boolean enabled, List<String> extraCidrs, boolean blockHost) {
        this.enabled = enabled;
        List<String> cidrs = new ArrayList<>(List.of(LINK_LOCAL));
        extraCidrs.stream().filter(c -> !cidrs.contains(c)).forEach(cidrs::add);
        this.blockedCidrs = List.copyOf(cidrs);
        this.blockHost = blockHost;
    }

    static JobNetworkFirewall disabled() {
        return new JobNetworkFirewall(false, List.of(), false);
    }

    boolean enabled() {
        return enabled;
    }

    /** What is blocked, for the start-up log line. */
    String describe() {
        if (!enabled) {
            return "off (EXECUTOR_DOCKER_JOB_NETWORK_FIREWALL=false)";
        }
        return "job networks cannot reach " + String.join(", ", blockedCidrs)
                + (blockHost ? " or this host's own addresses" : " (this host stays reachable: EXECUTOR_DOCKER_ADD_HOST_GATEWAY=true)");
    }

    /** The rules for {@code network} on {@code bridge}, as {@code iptables} arguments after the action and chain. */
    List<List<String>> rules(String network, String bridge) {
        List<List<String>> rules = new ArrayList<>();
        String comment = COMMENT_PREFIX + network;
        for (String cidr : blockedCidrs) {
            rules.add(List.of(DOCKER_USER, "-i", bridge, "-d", cidr, "-m", "comment", "--comment", comment,
                    "-j", "REJECT", "--reject-with", "icmp-admin-prohibited"));
        }
        if (blockHost) {
            rules.add(List.of(INPUT, "-i", bridge, "-m", "comment", "--comment", comment,
                    "-j", "REJECT", "--reject-with", "icmp-admin-prohibited"));
        }
        return rules;
    }

    /**
     * Installs the rules of a new (or resumed) job network, first removing any left from an earlier attempt. Fails
     * closed: a job whose network cannot be fenced does not run.
     */
    void install(String network, String bridge) {
        if (!enabled) {
            return;
        }
        remove(network);
        try {
            for (List<String> rule : rules(network, bridge)) {
                List<String> args = new ArrayList<>(List.of("-I", rule.get(0), "1"));
                args.addAll(rule.subList(1, rule.size()));
                run(args);
            }
        } catch (RuntimeException e) {
            remove(network);
            throw new StepStartException("installing the firewall rules of the job's network " + network + " (bridge "
                    + bridge + "): " + e.getMessage() + "; set EXECUTOR_DOCKER_JOB_NETWORK_FIREWALL=false to run jobs"
                    + " without them", e);
        }
        LOG.debugf("job network %s (%s): firewall rules installed", network, bridge);
    }

    /** Removes every rule of {@code network} (by its comment) from both chains; never throws. */
    void remove(String network) {
        if (!enabled) {
            return;
        }
        String comment = COMMENT_PREFIX + network;
        for (String chain : List.of(DOCKER_USER, INPUT)) {
            try {
                for (String rule : listRules(chain)) {
                    if (rule.contains("\"" + comment + "\"") || rule.contains("--comment " + comment + " ")) {
                        List<String> args = new ArrayList<>(List.of("-D"));
                        args.addAll(splitRule(rule.substring("-A ".length())));
                        run(args);
                    }
                }
            } catch (RuntimeException e) {
                LOG.errorf("removing the firewall rules of job network %s from %s failed: %s", network, chain,
                        e.getMessage());
            }
        }
    }

    /** The rules of {@code chain} as {@code iptables -S} prints them ({@code -A CHAIN ...}). */
    List<String> listRules(String chain) {
        return run(List.of("-S", chain)).lines().filter(l -> l.startsWith("-A " + chain + " ")).toList();
    }

    /** Splits an {@code iptables -S} line into arguments; the comment is the only quoted one. */
    static List<String> splitRule(String rule) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < rule.length(); i++) {
            char c = rule.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == '\\' && quoted && i + 1 < rule.length()) {
                current.append(rule.charAt(++i));
            } else if (c == ' ' && !quoted) {
                if (any || current.length() > 0) {
                    args.add(current.toString());
                }
                current.setLength(0);
                any = false;
            } else {
                current.append(c);
            }
        }
        if (any || current.length() > 0) {
            args.add(current.toString());
        }
        return args;
    }

    /** The iptables front end whose tables hold Docker's chains. */
    private String iptables() {
        String found = iptables;
        if (found != null) {
            return found;
        }
        List<String> tried = new ArrayList<>();
        for (String candidate : FRONT_ENDS) {
            try {
                exec(candidate, List.of("-S", DOCKER_USER));
                iptables = candidate;
                LOG.infof("Job network firewall: using %s, which holds Docker's %s chain", candidate, DOCKER_USER);
                return candidate;
            } catch (RuntimeException e) {
                tried.add(candidate + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException("no iptables front end shows Docker's " + DOCKER_USER + " chain ("
                + String.join("; ", tried) + ")");
    }

    private String run(List<String> args) {
        return exec(iptables(), args);
    }

    /** Runs {@code iptables -w <args>} and returns its stdout; throws with its stderr on failure. */
    private static String exec(String program, List<String> args) {
        List<String> command = new ArrayList<>(List.of(program, "-w", "5"));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            // iptables -S output is small; read both pipes fully after exit would risk nothing here, but read first.
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + COMMAND_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue()
                        + ": " + new String(err, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("running " + program + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("running " + program + ": interrupted", e);
        }
    }
}
