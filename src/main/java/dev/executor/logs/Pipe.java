package dev.executor.logs;

/** Which pipe a line came from; the prefix is what the batches server parses (spec §9.1). */
public enum Pipe {
    STDOUT("stdout: "),
    STDERR("stderr: ");

    private final String prefix;

    Pipe(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
