package dev.executor.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code docker run --mount} spec from {@code EXECUTOR_DOCKER_ADDITIONAL_MOUNTS}, e.g.
 * {@code type=bind,source=/foo,target=/bar,readonly}.
 *
 * <p>We check the specs at start-up rather than letting Docker reject them, because then every job
 * would fail the same way. Like {@code docker run --mount}, unknown keys are an error; the options the
 * Docker API can express for these types are accepted ({@link #OPTION_KEYS}). Docker's CSV quoting
 * (a comma inside a quoted path) is not supported.
 *
 * @param type     {@code bind}, {@code volume} or {@code tmpfs}; {@code volume} when not given, as in docker
 * @param source   host path or volume name, {@code null} when not given
 * @param target   absolute path in the container
 * @param readOnly whether {@code readonly}/{@code ro} was given (and not {@code =false})
 * @param options  the other options, checked, by lower-case key in the given order
 */
public record MountSpec(String type, String source, String target, boolean readOnly, Map<String, String> options) {

    /** Options beyond type, source, target and readonly, with the mount type each applies to. */
    public static final Map<String, String> OPTION_KEYS = Map.of(
            "bind-propagation", "bind",
            "volume-nocopy", "volume",
            "tmpfs-size", "tmpfs",
            "tmpfs-mode", "tmpfs",
            "consistency", "");

    private static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave");

    public MountSpec {
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** A spec without options. */
    public MountSpec(String type, String source, String target, boolean readOnly) {
        this(type, source, target, readOnly, Map.of());
    }

    private static final Set<String> TYPES = Set.of("bind", "volume", "tmpfs");
    private static final Set<String> SOURCE_KEYS = Set.of("source", "src");
    private static final Set<String> TARGET_KEYS = Set.of("target", "dst", "destination");
    private static final Set<String> READONLY_KEYS = Set.of("readonly", "ro");

    /**
     * Splits the variable's value on {@code ;} into trimmed specs, dropping blank ones so that a
     * trailing {@code ;} is harmless.
     */
    public static List<String> splitEntries(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(";", -1)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Parses one spec.
     *
     * @throws IllegalArgumentException saying what is wrong with it; a spec with more than one
     *                                  target is reported as a likely "incorrect separator", since
     *                                  it is almost always two mounts joined with {@code ,} instead
     *                                  of {@code ;}
     */
    public static MountSpec parse(String spec) {
        String type = "volume";
        String source = null;
        String target = null;
        boolean readOnly = false;
        int targetCount = 0;
        Map<String, String> options = new LinkedHashMap<>();
        for (String field : spec.split(",", -1)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : field.substring(eq + 1).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty field in \"" + spec + "\"");
            }
            if (READONLY_KEYS.contains(key)) {
                readOnly = value == null || parseReadOnly(value, spec);
            } else if (key.equals("volume-nocopy") && value == null) {
                options.put(key, "true");
            } else if (value == null) {
                throw new IllegalArgumentException("\"" + field + "\" is not key=value in \"" + spec + "\"");
            } else if (key.equals("type")) {
                type = value.toLowerCase(Locale.ROOT);
            } else if (SOURCE_KEYS.contains(key)) {
                source = value;
            } else if (TARGET_KEYS.contains(key)) {
                targetCount++;
                target = value;
            } else if (OPTION_KEYS.containsKey(key)) {
                // volume-nocopy is normalised to true/false so that users of the spec need not parse it again
                options.put(key, key.equals("volume-nocopy") && isBool(value) ? ValueReader.parseBool(value).toString() : value);
            } else {
                throw new IllegalArgumentException("unknown key \"" + key + "\" in \"" + spec + "\" (known: type, source, "
                        + "target, readonly, " + String.join(", ", OPTION_KEYS.keySet().stream().sorted().toList()) + ")");
            }
        }
        if (targetCount > 1) {
            throw new IllegalArgumentException("\"" + spec + "\" has " + targetCount
                    + " targets: incorrect separator? Separate mounts with ';', not ','");
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown type \"" + type + "\" in \"" + spec
                    + "\" (use bind, volume or tmpfs)");
        }
        if (target == null || !target.startsWith("/")) {
            throw new IllegalArgumentException("\"" + spec + "\" needs an absolute target, e.g. target=/bar");
        }
        if (type.equals("bind") && (source == null || !source.startsWith("/"))) {
            throw new IllegalArgumentException("bind mount \"" + spec + "\" needs an absolute source, e.g. source=/foo");
        }
        if (type.equals("tmpfs") && source != null) {
            throw new IllegalArgumentException("tmpfs mount \"" + spec + "\" cannot have a source");
        }
        checkOptions(type, options, spec);
        return new MountSpec(type, source, target, readOnly, options);
    }

    private static void checkOptions(String type, Map<String, String> options, String spec) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            String appliesTo = OPTION_KEYS.get(option.getKey());
            if (!appliesTo.isEmpty() && !appliesTo.equals(type)) {
                throw new IllegalArgumentException(option.getKey() + " applies to " + appliesTo + " mounts only, in \""
                        + spec + "\"");
            }
            String value = option.getValue();
            boolean ok = switch (option.getKey()) {
                case "bind-propagation" -> PROPAGATIONS.contains(value.toLowerCase(Locale.ROOT));
                case "volume-nocopy" -> isBool(value);
                case "tmpfs-size" -> isSize(value);
                case "tmpfs-mode" -> value.matches("[0-7]{1,4}");
                default -> true;
            };
            if (!ok) {
                throw new IllegalArgumentException("bad " + option.getKey() + " \"" + value + "\" in \"" + spec + "\"");
            }
        }
    }

    private static boolean isBool(String value) {
        try {
            ValueReader.parseBool(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isSize(String value) {
        try {
            return !DataSize.parse(value).isZero();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean parseReadOnly(String value, String spec) {
        try {
            return ValueReader.parseBool(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("readonly=" + value + " in \"" + spec + "\" is not true or false");
        }
    }
}
