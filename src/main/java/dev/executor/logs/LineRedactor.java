package dev.executor.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * Redacts one pipe's output given line by line, as one stream: a secret spanning lines (a PEM key, a
 * token printed across a wrap) is masked, which redacting each line alone cannot do. Returns only
 * complete, final lines, so nothing is ever published that a later line could still turn into a secret.
 *
 * <p>A line that might start a multi-line secret is held until the next line shows whether it does;
 * {@link #flush()} releases what is left when the pipe ends. Lines of secrets without a newline are
 * never delayed.
 */
public final class LineRedactor {

    private final StreamingRedactor stream;
    private final StringBuilder partial = new StringBuilder();

    public LineRedactor(Redactor redactor) {
        this.stream = redactor.streaming();
    }

    /** Adds one line (without its newline); returns the redacted lines that are now final, without newlines. */
    public List<String> push(String line) {
        return split(stream.push(line + "\n"));
    }

    /** Ends the pipe: the remaining lines, redacted. */
    public List<String> flush() {
        List<String> lines = split(stream.flush());
        if (partial.length() > 0) {
            lines.add(partial.toString());
            partial.setLength(0);
        }
        return lines;
    }

    private List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                partial.append(text, start, i);
                lines.add(partial.toString());
                partial.setLength(0);
                start = i + 1;
            }
        }
        partial.append(text, start, text.length());
        return lines;
    }
}
