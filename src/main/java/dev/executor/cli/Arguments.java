package dev.executor.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One command's arguments: boolean flags ({@code --keep}), options with a value ({@code --repo DIR} or
 * {@code --repo=DIR}), {@code -h}/{@code --help}, and positionals ({@code -} is a positional: stdin).
 * {@code --} ends the options. Anything else is a {@link UsageException} naming the command.
 */
public final class Arguments {

    /** A command line that cannot be run; the message says what is wrong and where help is. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final boolean help;
    private final Set<String> flags;
    private final Map<String, String> values;
    private final List<String> positionals;

    private Arguments(boolean help, Set<String> flags, Map<String, String> values, List<String> positionals) {
        this.help = help;
        this.flags = flags;
        this.values = values;
        this.positionals = positionals;
    }

    /**
     * Parses {@code args} of {@code command}, accepting only the given flags and valued options (names
     * with their leading dashes).
     */
    public static Arguments parse(String command, List<String> args, Set<String> allowedFlags,
            Set<String> allowedValued) {
        boolean help = false;
        Set<String> flags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
                positionals.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
            } else {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg : arg.substring(0, eq);
                if (allowedFlags.contains(name) && eq < 0) {
                    flags.add(name);
                } else if (allowedValued.contains(name)) {
                    String value;
                    if (eq >= 0) {
                        value = arg.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw usage(command, name + " needs a value");
                    }
                    if (value.isEmpty()) {
                        throw usage(command, name + " needs a value");
                    }
                    values.put(name, value);
                } else {
                    throw usage(command, "unknown option \"" + arg + "\"");
                }
            }
        }
        return new Arguments(help, flags, values, positionals);
    }

    static UsageException usage(String command, String problem) {
        return new UsageException("executor " + command + ": " + problem + "; run \"executor " + command
                + " --help\" for usage");
    }

    public boolean help() {
        return help;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public List<String> positionals() {
        return List.copyOf(positionals);
    }
}
