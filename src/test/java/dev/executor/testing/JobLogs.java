package dev.executor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.frontend.JobRecord;
import java.util.ArrayList;
import java.util.List;

/** Reading a job's execution log entries as the fake frontend received them. */
public final class JobLogs {

    private JobLogs() {
    }

    public static List<String> keys(JobRecord job) {
        return job.logEntries().stream().map(e -> e.get("key").asText()).toList();
    }

    public static JsonNode entry(JobRecord job, String key) {
        return job.logEntries().stream().filter(e -> key.equals(e.get("key").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + key + " in " + keys(job)));
    }

    public static String out(JobRecord job, String key) {
        return entry(job, key).get("out").asText();
    }

    public static int exitCode(JobRecord job, String key) {
        return entry(job, key).get("exitCode").asInt();
    }

    public static List<String> command(JobRecord job, String key) {
        List<String> argv = new ArrayList<>();
        entry(job, key).get("command").forEach(c -> argv.add(c.asText()));
        return argv;
    }

    /** The lines of {@code out} that start with {@code prefix}, without it. */
    public static List<String> lines(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }
}
