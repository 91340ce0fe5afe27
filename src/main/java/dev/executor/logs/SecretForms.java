package dev.executor.logs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The ways a secret commonly shows up in output besides verbatim: URL-encoded (query strings, git
 * remotes), JSON-escaped (tools printing their config), and base64 (HTTP basic auth, docker's
 * {@code auth} fields, Kubernetes secrets).
 *
 * <p>Base64 needs care: inside a longer encoded text the secret's bytes can start at any offset modulo
 * 3, and each offset encodes them differently. For each offset we keep only the characters that depend
 * on the secret's bytes alone, so {@code base64("user:" + secret)} is caught as well as
 * {@code base64(secret)}.
 *
 * <p>Derived forms shorter than {@link #MIN_DERIVED_LENGTH} are dropped: a 3-character base64 fragment
 * of a short secret would match random text everywhere. The secret itself is always kept.
 */
final class SecretForms {

    static final int MIN_DERIVED_LENGTH = 6;

    private SecretForms() {
    }

    static Set<String> of(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        Set<String> derived = new LinkedHashSet<>();
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        derived.add(form);
        derived.add(form.replace("+", "%20"));
        derived.add(jsonEscaped(secret, false));
        derived.add(jsonEscaped(secret, true));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            derived.add(base64Core(bytes, offset, Base64.getEncoder()));
            derived.add(base64Core(bytes, offset, Base64.getUrlEncoder()));
        }
        for (String d : derived) {
            if (d.length() >= MIN_DERIVED_LENGTH) {
                forms.add(d);
            }
        }
        return forms;
    }

    /**
     * The characters of {@code base64(offset filler bytes + secret + anything)} that depend only on the
     * secret's bytes: character {@code i} covers bits {@code [6i, 6i+6)} of the input.
     */
    static String base64Core(byte[] secret, int offset, Base64.Encoder encoder) {
        byte[] padded = new byte[offset + secret.length];
        System.arraycopy(secret, 0, padded, offset, secret.length);
        String encoded = encoder.withoutPadding().encodeToString(padded);
        int firstBit = offset * 8;
        int endBit = (offset + secret.length) * 8;
        int first = (firstBit + 5) / 6;
        int end = endBit / 6;
        return first >= end ? "" : encoded.substring(first, end);
    }

    /** As JSON encoders write the string's content; {@code htmlSafe} adds Go's escaping of {@code <>&}. */
    static String jsonEscaped(String s, boolean htmlSafe) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (htmlSafe && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'))) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
