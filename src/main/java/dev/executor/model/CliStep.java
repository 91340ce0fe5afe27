package dev.executor.model;

import java.util.List;

/** A {@code src} CLI step run on the host (spec §4.6); note the singular JSON name {@code command}. */
public record CliStep(String key, List<String> command, String dir, List<String> env) {

    public List<String> commandOrEmpty() {
        return command == null ? List.of() : command;
    }

    public List<String> envOrEmpty() {
        return env == null ? List.of() : env;
    }

    /** Env values and arguments may carry what {@code redactedValues} masks: names and a count only. */
    @Override
    public String toString() {
        return "CliStep[key=" + key + ", command=" + commandOrEmpty().size() + " args, dir=" + dir
                + ", env=" + EnvNames.of(envOrEmpty()) + "]";
    }
}
