package dev.executor.queue;

/** What the executor tells the frontend about its host in every heartbeat (spec §1.5). */
public record Telemetry(
        String os,
        String architecture,
        String dockerVersion,
        String executorVersion,
        String gitVersion,
        String srcCliVersion) {

    public static Telemetry empty() {
        return new Telemetry("", "", "", "", "", "");
    }
}
