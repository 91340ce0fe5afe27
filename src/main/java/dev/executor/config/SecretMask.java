package dev.executor.config;

/**
 * Hides secret values in error messages, {@code validate} output and {@code toString()}.
 *
 * <p>An operator debugging a rejected token wants to know which token was picked up without it
 * landing in a log: long secrets keep their first two characters (enough to tell {@code sgp_...} from
 * a pasted placeholder), short ones show nothing, because two characters of a short secret are a real
 * share of it. The length is never revealed either; the mask is fixed-width.
 */
public final class SecretMask {

    /** Shown instead of a secret too short to reveal anything of. */
    public static final String HIDDEN = "********";

    /** Secrets at least this long keep a two-character prefix. */
    static final int MIN_LENGTH_FOR_PREFIX = 12;

    private static final int PREFIX_LENGTH = 2;

    private SecretMask() {
    }

    /**
     * Masks {@code secret}: {@code ""} for a missing or empty value (there is nothing to hide, and
     * "it is empty" is what the operator needs to see), {@value #HIDDEN} below
     * {@value #MIN_LENGTH_FOR_PREFIX} characters, otherwise the first two characters and {@code ****}.
     */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        if (secret.length() < MIN_LENGTH_FOR_PREFIX) {
            return HIDDEN;
        }
        return secret.substring(0, PREFIX_LENGTH) + "****";
    }
}
