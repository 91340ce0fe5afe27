package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One container step (spec §2.1): the commands become a script run by {@code /bin/sh}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerStep(String key, String image, List<String> commands, String dir, List<String> env) {

    public List<String> commandsOrEmpty() {
        return commands == null ? List.of() : commands;
    }

    public List<String> envOrEmpty() {
        return env == null ? List.of() : env;
    }
}
