package dev.executor.cli;

import dev.executor.config.EnvVar;
import dev.executor.config.SecretMask;
import dev.executor.logs.LogSecrets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an unexpected start-up failure prints: the exception's type and message, then every cause's. Many of
 * the failures that matter here have no message of their own (an {@code ExceptionInInitializerError} or
 * {@code NoClassDefFoundError} thrown by a runtime that lacks a module), so the message alone can read
 * {@code executor: null}. Secrets (every secret variable's value in the environment, and whatever the log
 * filter masks) are masked as {@link SecretMask} shows them elsewhere.
 */
final class StartupFailure {

    /** Enough to reach the root of any real chain; guards against pathological ones. */
    static final int MAX_CAUSES = 20;

    private StartupFailure() {
    }

    /** The lines to print for {@code failure}, each prefixed as the executor's own output. */
    static String describe(Throwable failure, Map<String, String> env) {
        List<String> secrets = secrets(env);
        StringBuilder b = new StringBuilder("executor: failed to start: ").append(mask(failure, secrets));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(failure);
        Throwable cause = failure.getCause();
        for (int i = 0; cause != null && seen.add(cause) && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            b.append("\nexecutor:   caused by: ").append(mask(cause, secrets));
        }
        return b.toString();
    }

    /** {@code Type: message}, or the type alone when there is no message; secrets masked. */
    private static String mask(Throwable t, List<String> secrets) {
        String text = t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
        for (String secret : secrets) {
            text = text.replace(secret, SecretMask.mask(secret));
        }
        return LogSecrets.redact(text);
    }

    /** The values of the secret variables, longest first so a secret containing another is masked whole. */
    private static List<String> secrets(Map<String, String> env) {
        List<String> values = new ArrayList<>();
        for (EnvVar var : EnvVar.values()) {
            String value = var.secret() && var.isSetIn(env) ? var.valueIn(env) : null;
            if (value != null && !value.isEmpty()) {
                values.add(value);
            }
        }
        values.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return values;
    }
}
