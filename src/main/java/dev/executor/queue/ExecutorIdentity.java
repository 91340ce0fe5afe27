package dev.executor.queue;

import java.net.InetAddress;
import java.util.UUID;

/**
 * The executor's name, {@code <hostname>-<uuid>} (spec §3.2 {@code HOSTNAME}): ownership of a job on the
 * frontend is by this name, and every job call carries it.
 */
public record ExecutorIdentity(String name) {

    public static ExecutorIdentity generate(String hostnameEnv) {
        return new ExecutorIdentity(hostname(hostnameEnv) + "-" + UUID.randomUUID());
    }

    private static String hostname(String hostnameEnv) {
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
