package dev.executor.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte count as operators write it for {@code docker run --memory}: {@code 12G}, {@code 512m},
 * {@code 1024k}, {@code 100b}, {@code 12GB}, {@code 12Gi}, {@code 1.5g} or a bare number of bytes.
 *
 * <p>Multiples are binary (1k = 1024), as in docker's own parser, so the value we report to the
 * frontend and the limit docker enforces are the same number. {@link #text()} keeps the operator's
 * spelling for messages and for passing straight to the docker CLI; {@link #bytes()} is the number.
 * An empty text means 0, which callers treat as "no limit".
 *
 * @param text  the text as written (empty for zero/unset)
 * @param bytes the size in bytes, never negative
 */
public record DataSize(String text, long bytes) {

    /** The empty size: no value given, which limits-style callers read as "unlimited". */
    public static final DataSize ZERO = new DataSize("", 0);

    // number, optional unit letter, optional "i", optional "b". Docker also tolerates a space before
    // the unit; we do not, because a space in an env value is far more often a quoting mistake.
    private static final Pattern SYNTAX =
            Pattern.compile("(\\d+(?:\\.\\d+)?)(?:([kmgtp])(i)?)?(b)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgtp";

    public DataSize {
        Objects.requireNonNull(text, "text");
        if (bytes < 0) {
            throw new IllegalArgumentException("a data size cannot be negative: " + bytes);
        }
    }

    /**
     * Parses docker-style sizes; {@code null} and the empty string give {@link #ZERO}.
     *
     * @throws IllegalArgumentException naming the bad input, for anything else docker would reject
     *                                  (negative numbers, unknown units, spaces around the value)
     *                                  or a size beyond 8 EiB
     */
    public static DataSize parse(String text) {
        if (text == null || text.isEmpty()) {
            return ZERO;
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid data size \"" + text
                    + "\": expected a number with an optional unit b, k, m, g, t or p such as 512m or 12G");
        }
        int power = m.group(2) == null ? 0 : UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        BigDecimal bytes = new BigDecimal(m.group(1))
                .multiply(BigDecimal.valueOf(1024).pow(power))
                .setScale(0, RoundingMode.DOWN); // docker truncates fractional bytes too
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("invalid data size \"" + text + "\": too large");
        }
        return new DataSize(text, bytes.longValueExact());
    }

    /** A size of exactly {@code bytes}, written as a plain number (which docker reads as bytes). */
    public static DataSize ofBytes(long bytes) {
        return new DataSize(Long.toString(bytes), bytes);
    }

    /** True for 0 bytes, which the memory and disk settings read as "no limit". */
    public boolean isZero() {
        return bytes == 0;
    }
}
