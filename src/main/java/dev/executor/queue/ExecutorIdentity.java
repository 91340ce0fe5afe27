package dev.executor.queue;

import java.net.InetAddress;
import java.util.UUID;

/**
 * The executor's name, {@code <hostname>-<uuid>} (spec §3.2 {@code HOSTNAME}): ownership of a job on the
 * frontend is by this name, and every job call carries it. Unlike Sourcegraph's (a new UUID per start), it is kept
 * in {@code EXECUTOR_STATE_DIR} across restarts, so a restarted executor can finish its jobs.
 */
public record ExecutorIdentity(String name) {

    public static ExecutorIdentity generate(String hostnameEnv) {
        return new ExecutorIdentity(hostname(hostnameEnv) + "-" + UUID.randomUUID());
    }

    /** {@code HOSTNAME} when set, else the system's host name. */
    public static String hostname(String hostnameEnv) {
        if (hostnameEnv != null && !hostnameEnv.isBlank()) {
            return hostnameEnv.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "executor";
        }
    }
}
