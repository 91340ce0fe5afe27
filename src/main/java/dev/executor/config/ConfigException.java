package dev.executor.config;

import java.util.List;

/**
 * Thrown once by {@link ConfigLoader} with every invalid setting, so one failed start shows the
 * operator the whole list instead of one mistake per restart. The message is a header line followed
 * by one {@link ConfigError#message()} per line; it never contains a secret.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(render(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error found, in the order the variables were read. Never empty. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String render(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        StringBuilder out = new StringBuilder("invalid executor configuration (")
                .append(errors.size()).append(errors.size() == 1 ? " error" : " errors").append("):");
        for (ConfigError error : errors) {
            out.append('\n').append("  ").append(error.message());
        }
        return out.toString();
    }
}
