package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A {@code src} CLI step run on the host (spec §4.6); note the singular JSON name {@code command}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CliStep(String key, List<String> command, String dir, List<String> env) {

    public List<String> commandOrEmpty() {
        return command == null ? List.of() : command;
    }

    public List<String> envOrEmpty() {
        return env == null ? List.of() : env;
    }
}
