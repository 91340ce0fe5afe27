package dev.executor.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * When job images are pulled ({@code EXECUTOR_DOCKER_PULL_POLICY}). The setting uses the Kubernetes
 * spelling operators know from {@code imagePullPolicy}; {@link #dockerValue()} is the equivalent for
 * {@code docker run --pull}.
 */
public enum PullPolicy {
    IF_NOT_PRESENT("if-not-present", "missing"),
    ALWAYS("always", "always"),
    NEVER("never", "never");

    private final String text;
    private final String dockerValue;

    PullPolicy(String text, String dockerValue) {
        this.text = text;
        this.dockerValue = dockerValue;
    }

    /** The setting's spelling: {@code if-not-present}, {@code always} or {@code never}. */
    public String text() {
        return text;
    }

    /** The value for {@code docker run --pull=}: {@code missing}, {@code always} or {@code never}. */
    public String dockerValue() {
        return dockerValue;
    }

    /** The policy spelled {@code text} exactly (lower case), if any. */
    public static Optional<PullPolicy> fromText(String text) {
        return Arrays.stream(values()).filter(p -> p.text.equals(text)).findFirst();
    }

    /** The setting's spelling, so string concatenation shows what the operator wrote. */
    @Override
    public String toString() {
        return text;
    }
}
