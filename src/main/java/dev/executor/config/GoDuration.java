package dev.executor.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String()} for {@link Duration}.
 *
 * <p>Operators copy their env files from Sourcegraph's executor, whose intervals are Go durations
 * ({@code 30m}, {@code 1h30m}, {@code 500ms}); ISO-8601 ({@code PT30M}) would reject all of them. Like
 * Go, a value is an optional sign followed by one or more {@code <number><unit>} pairs, the number may
 * have a fraction, a unit is mandatory (except for a bare {@code 0}) and the total must fit in a signed
 * 64-bit count of nanoseconds.
 */
public final class GoDuration {

    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Go's unit table; both spellings of "micro" are accepted, as in Go. */
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L,
            "us", NANOS_PER_MICRO,
            "\u00b5s", NANOS_PER_MICRO, // MICRO SIGN
            "\u03bcs", NANOS_PER_MICRO, // GREEK SMALL LETTER MU
            "ms", NANOS_PER_MILLI,
            "s", NANOS_PER_SECOND,
            "m", 60 * NANOS_PER_SECOND,
            "h", 3600 * NANOS_PER_SECOND);

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_NANOS_MAGNITUDE = MAX_NANOS.add(BigInteger.ONE);

    private GoDuration() {
    }

    /**
     * Parses Go duration syntax such as {@code 0}, {@code 500ms}, {@code 1h30m}, {@code 1.5h} or
     * {@code -2s}. Negative values are accepted here; callers that need a non-negative value check it.
     *
     * @throws IllegalArgumentException naming the bad input and what is wrong with it
     */
    public static Duration parse(String s) {
        if (s == null || s.isEmpty()) {
            throw invalid(s, "empty value");
        }
        int pos = 0;
        boolean negative = false;
        char first = s.charAt(0);
        if (first == '-' || first == '+') {
            negative = first == '-';
            pos = 1;
        }
        String rest = s.substring(pos);
        if (rest.equals("0")) {
            return Duration.ZERO; // Go's one unit-less special case
        }
        if (rest.isEmpty()) {
            throw invalid(s, "no number after the sign");
        }
        BigInteger total = BigInteger.ZERO;
        while (pos < s.length()) {
            int numberStart = pos;
            int intEnd = skipDigits(s, pos);
            int end = intEnd;
            if (end < s.length() && s.charAt(end) == '.') {
                end = skipDigits(s, end + 1);
            }
            String number = s.substring(numberStart, end);
            if (number.isEmpty() || number.equals(".")) {
                throw invalid(s, "expected a number at position " + (numberStart + 1));
            }
            int unitEnd = end;
            while (unitEnd < s.length() && !isNumberChar(s.charAt(unitEnd))) {
                unitEnd++;
            }
            String unit = s.substring(end, unitEnd);
            if (unit.isEmpty()) {
                throw invalid(s, "missing unit after " + number + " (use ns, us, ms, s, m or h)");
            }
            Long unitNanos = UNIT_NANOS.get(unit);
            if (unitNanos == null) {
                throw invalid(s, "unknown unit \"" + unit + "\" (use ns, us, ms, s, m or h)");
            }
            // Go truncates each term to whole nanoseconds before adding it.
            total = total.add(new BigDecimal(number.endsWith(".") ? number + "0" : number)
                    .multiply(BigDecimal.valueOf(unitNanos))
                    .setScale(0, RoundingMode.DOWN)
                    .toBigIntegerExact());
            if (total.compareTo(negative ? MIN_NANOS_MAGNITUDE : MAX_NANOS) > 0) {
                throw invalid(s, "out of range (at most about 292 years)");
            }
            pos = unitEnd;
        }
        return Duration.ofNanos(negative ? total.negate().longValueExact() : total.longValueExact());
    }

    /**
     * Formats like Go's {@code Duration.String()}: {@code 0s}, {@code 500ms}, {@code 1.5s},
     * {@code 30m0s}, {@code 1h30m0s}, {@code -2s}. Used wherever a value is shown back to operators so
     * it reads the way they wrote it.
     *
     * @throws ArithmeticException if {@code d} does not fit in 64-bit nanoseconds (Go cannot hold it)
     */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        // Unsigned arithmetic below, so that Long.MIN_VALUE's magnitude is representable.
        long u = negative ? -nanos : nanos;
        String sign = negative ? "-" : "";
        if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
            if (u < NANOS_PER_MICRO) {
                return sign + u + "ns";
            }
            if (u < NANOS_PER_MILLI) {
                return sign + decimal(u, 3) + "\u00b5s";
            }
            return sign + decimal(u, 6) + "ms";
        }
        long seconds = Long.divideUnsigned(u, NANOS_PER_SECOND);
        long fraction = Long.remainderUnsigned(u, NANOS_PER_SECOND);
        StringBuilder out = new StringBuilder(sign);
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(decimal(seconds % 60 * NANOS_PER_SECOND + fraction, 9)).append('s');
        return out.toString();
    }

    /** {@code value / 10^digits} written without trailing zeros, e.g. (1500, 3) → "1.5". */
    private static String decimal(long value, int digits) {
        long scale = (long) Math.pow(10, digits);
        String whole = Long.toUnsignedString(Long.divideUnsigned(value, scale));
        long frac = Long.remainderUnsigned(value, scale);
        if (frac == 0) {
            return whole;
        }
        String fracText = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
        return whole + "." + fracText;
    }

    private static int skipDigits(String s, int pos) {
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos;
    }

    private static boolean isNumberChar(char c) {
        return c == '.' || (c >= '0' && c <= '9');
    }

    private static IllegalArgumentException invalid(String s, String why) {
        return new IllegalArgumentException(
                "invalid duration \"" + (s == null ? "" : s) + "\": " + why
                        + "; expected Go syntax such as 500ms, 1s, 30m or 1h30m");
    }
}
