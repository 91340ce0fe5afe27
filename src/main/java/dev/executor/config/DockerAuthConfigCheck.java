package dev.executor.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code EXECUTOR_DOCKER_AUTH_CONFIG}: a docker {@code config.json} with an {@code auths}
 * object whose entries' {@code auth} fields, when present, are base64 (Sourcegraph decodes them into
 * bytes, so a bad one fails there too).
 *
 * <p>The value holds registry passwords, so the reasons given never quote it: parser messages echo
 * the input they choke on, and we report only a position and a generic cause instead.
 */
final class DockerAuthConfigCheck {

    static final String EXPECTED_PREFIX = "a docker config JSON object such as "
            + "{\"auths\":{\"registry.example.com\":{\"auth\":\"<base64 of user:password>\"}}} "
            + "(invalid EXECUTOR_DOCKER_AUTH_CONFIG, failed to parse: ";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DockerAuthConfigCheck() {
    }

    /** Why {@code json} is unusable, without quoting any of it; empty when it is fine. */
    static Optional<String> problem(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            return Optional.of(where == null ? "not valid JSON"
                    : "not valid JSON at line " + where.getLineNr() + ", column " + where.getColumnNr());
        }
        if (root == null || !root.isObject()) {
            return Optional.of("the top level is not a JSON object");
        }
        JsonNode auths = root.get("auths");
        if (auths == null || !auths.isObject()) {
            return Optional.of("there is no \"auths\" object");
        }
        for (Map.Entry<String, JsonNode> entry : auths.properties()) {
            // Registry host names are not secret and tell the operator which entry to fix.
            String registry = ConfigError.quote(entry.getKey());
            if (!entry.getValue().isObject()) {
                return Optional.of("the entry for " + registry + " is not an object");
            }
            JsonNode auth = entry.getValue().get("auth");
            if (auth != null && !auth.isNull() && !isBase64(auth)) {
                return Optional.of("the auth of " + registry + " is not a base64 string");
            }
            if (auth != null && auth.isTextual() && !auth.textValue().isEmpty() && !decodesToUserPassword(auth)) {
                return Optional.of("the auth of " + registry + " is not base64 of user:password");
            }
        }
        return Optional.empty();
    }

    /** The expected-text for a ConfigError about {@code problem}. */
    static String expected(String problem) {
        return EXPECTED_PREFIX + problem + ")";
    }

    /** Docker's form, which pulls need: a colon between user and password. */
    private static boolean decodesToUserPassword(JsonNode auth) {
        byte[] decoded = Base64.getDecoder().decode(auth.textValue());
        return new String(decoded, java.nio.charset.StandardCharsets.UTF_8).indexOf(':') >= 0;
    }

    private static boolean isBase64(JsonNode auth) {
        if (!auth.isTextual()) {
            return false;
        }
        try {
            Base64.getDecoder().decode(auth.textValue());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
