package dev.executor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The project's systemd unit, read as systemd does for what the tests look at: sections of repeatable keys. */
record SystemdUnit(Map<String, List<String>> settings) {

    static final Path PATH = Path.of("systemd", "sourcegraph-executor.service");

    static SystemdUnit read() {
        try {
            return parse(Files.readAllLines(PATH));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SystemdUnit parse(List<String> lines) {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        String section = "";
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
                continue;
            }
            int eq = line.indexOf('=');
            String key = section + "." + line.substring(0, eq).strip();
            settings.computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
        }
        return new SystemdUnit(settings);
    }

    /** Every value of {@code Section.Key}, in file order. */
    List<String> all(String sectionDotKey) {
        return settings.getOrDefault(sectionDotKey, List.of());
    }

    /** The value in effect (the last one), if the key is set. */
    Optional<String> get(String sectionDotKey) {
        List<String> all = all(sectionDotKey);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The variables set by {@code Environment=} lines (one NAME=value each in this unit). */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignment : all("Service.Environment")) {
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return env;
    }

    /** Space-separated list values of every occurrence of a key, e.g. all {@code ReadWritePaths=}. */
    List<String> words(String sectionDotKey) {
        List<String> words = new ArrayList<>();
        all(sectionDotKey).forEach(v -> words.addAll(List.of(v.split("\\s+"))));
        return words;
    }
}
