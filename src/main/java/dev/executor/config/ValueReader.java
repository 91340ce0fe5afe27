package dev.executor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Typed reads of {@link EnvVar}s that never throw: a bad value becomes a {@link ConfigError} and the
 * read returns {@code null} (or 0/false), so the loader can go on and report every problem at once.
 * A variable gets at most one error: once a value failed, later checks on it are skipped, because a
 * second complaint about the same mistake is noise.
 */
final class ValueReader {

    static final String DURATION = "a Go duration such as 500ms, 1s, 30m or 1h30m";
    static final String SIZE = "a size such as 512m, 12G or 0 (a number with an optional unit b, k, m, g or t; 1k = 1024)";
    static final String BOOL = "a boolean: true or false (also 1, t, T, TRUE, True, 0, f, F, FALSE, False)";

    /** Go's {@code strconv.Atoi}: ASCII digits only (Java's parser also takes other scripts' digits). */
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private final EnvSource source;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Set<EnvVar> failed = EnumSet.noneOf(EnvVar.class);

    ValueReader(EnvSource source) {
        this.source = source;
    }

    List<ConfigError> errors() {
        return List.copyOf(errors);
    }

    /** Whether {@code var} already produced an error; dependent checks skip it. */
    boolean failed(EnvVar var) {
        return failed.contains(var);
    }

    /** The raw value (or default), possibly {@code null} or empty. */
    String raw(EnvVar var) {
        return source.read(var).value();
    }

    /** The value, or {@code null} when unset or empty. */
    String optional(EnvVar var) {
        String value = raw(var);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The value; an unset or empty one is an error, worded like Sourcegraph's "no value supplied". */
    String required(EnvVar var, String expected) {
        String value = optional(var);
        if (value == null) {
            reject(var, expected + " (no value supplied)");
        }
        return value;
    }

    /**
     * Parses the value with {@code parser}; an {@link IllegalArgumentException} from it becomes an
     * error saying {@code expected}. Unset optional variables give {@code null} without an error.
     */
    <T> T parse(EnvVar var, Function<String, T> parser, String expected) {
        String value = raw(var);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            reject(var, expected);
            return null;
        }
    }

    /** Keeps {@code value} if {@code ok} accepts it; otherwise records {@code expected} and gives null. */
    <T> T check(EnvVar var, T value, Predicate<T> ok, String expected) {
        if (value == null || failed(var)) {
            return value;
        }
        if (!ok.test(value)) {
            reject(var, expected);
            return null;
        }
        return value;
    }

    Duration duration(EnvVar var, Predicate<Duration> ok, String expected) {
        return check(var, parse(var, GoDuration::parse, DURATION), ok, expected);
    }

    Duration nonNegativeDuration(EnvVar var) {
        return duration(var, d -> !d.isNegative(), "a duration of 0 or more, such as 0, 500ms, 1s or 30m");
    }

    Duration positiveDuration(EnvVar var) {
        return duration(var, d -> !d.isNegative() && !d.isZero(), "a duration above 0, such as 500ms, 1s or 30m");
    }

    DataSize size(EnvVar var) {
        return parse(var, DataSize::parse, SIZE);
    }

    /** A base-10 int within [{@code min}, {@code max}]; 0 on error. */
    int integer(EnvVar var, int min, int max) {
        String range = max == Integer.MAX_VALUE ? "an integer of at least " + min
                : "an integer from " + min + " to " + max;
        Integer value = parse(var, ValueReader::parseInt, range);
        Integer checked = check(var, value, v -> v >= min && v <= max, range);
        return checked == null ? 0 : checked;
    }

    /** Go's {@code strconv.ParseBool}; false on error. */
    boolean bool(EnvVar var) {
        Boolean value = parse(var, ValueReader::parseBool, BOOL);
        return value != null && value;
    }

    /** One of {@code allowed}, compared ignoring case and returned lower-cased. */
    String oneOf(EnvVar var, List<String> allowed) {
        String expected = "one of " + String.join(", ", allowed);
        String value = parse(var, s -> s.toLowerCase(Locale.ROOT), expected);
        return check(var, value, allowed::contains, expected);
    }

    /**
     * An absolute path. Unset or empty gives the catalogue default ({@code null} when there is none),
     * as Go's {@code os.TempDir} does for an empty {@code TMPDIR}.
     */
    Path absolutePath(EnvVar var, String example) {
        String value = optional(var);
        if (value == null) {
            return var.defaultValue() == null ? null : Path.of(var.defaultValue());
        }
        String expected = "an absolute path such as " + example;
        return check(var, parse(var, Path::of, expected), Path::isAbsolute, expected);
    }

    /**
     * Records an error for {@code var} showing the value that was read (masked for secrets) under the
     * name it was read from, so the operator edits the right line of the env file.
     */
    void reject(EnvVar var, String expected) {
        EnvSource.Setting setting = source.read(var);
        String value = setting.value() == null ? "" : setting.value();
        rejectShowing(var, var.secret() ? SecretMask.mask(value) : value, expected);
    }

    /** Like {@link #reject(EnvVar, String)}, showing {@code shown} (a value with its secret part masked). */
    void rejectShowing(EnvVar var, String shown, String expected) {
        errors.add(new ConfigError(source.read(var).variable(), shown, expected));
        failed.add(var);
    }

    /** The name {@code var} is read from: {@code <NAME>_executor} when that override is set, else the name. */
    String variableName(EnvVar var) {
        return source.read(var).variable();
    }

    private static Integer parseInt(String s) {
        if (!INTEGER.matcher(s).matches()) {
            throw new IllegalArgumentException("not an integer: " + s);
        }
        return Integer.parseInt(s); // NumberFormatException (an IllegalArgumentException) when too big
    }

    static Boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + s);
        };
    }
}
