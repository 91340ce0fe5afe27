package dev.executor.model;

import java.util.List;

/** One container step (spec §2.1): the commands become a script run by {@code /bin/sh}. */
public record DockerStep(String key, String image, List<String> commands, String dir, List<String> env) {

    public List<String> commandsOrEmpty() {
        return commands == null ? List.of() : commands;
    }

    public List<String> envOrEmpty() {
        return env == null ? List.of() : env;
    }

    /** Env values may carry what {@code redactedValues} masks: names only. */
    @Override
    public String toString() {
        return "DockerStep[key=" + key + ", image=" + image + ", commands=" + commandsOrEmpty().size()
                + ", dir=" + dir + ", env=" + EnvNames.of(envOrEmpty()) + "]";
    }
}
