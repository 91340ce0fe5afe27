package dev.executor.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials in docker's {@code config.json} shape ({@code {"auths":{"<registry>":{...}}}}):
 * a job's {@code dockerAuthConfig}, {@code EXECUTOR_DOCKER_AUTH_CONFIG} or the host's
 * {@code ~/.docker/config.json}. Entries are found by registry host, whichever way the key was written
 * ({@code https://r.example.com/v1/}, {@code r.example.com}); Docker Hub's aliases are one registry.
 *
 * <p>Holds passwords: {@link #toString()} and every error message leave them out, and
 * {@link #secrets()} lists what must be redacted wherever output is shown.
 */
public final class RegistryCredentials {

    /** Docker Hub, as image references name it. */
    public static final String DOCKER_HUB = "docker.io";

    public static final RegistryCredentials NONE = new RegistryCredentials(Map.of());

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One registry's credentials; {@code toString} shows the registry and user only. */
    public record Credential(String registry, String username, String password, String identityToken,
            String registryToken) {

        @Override
        public String toString() {
            return "Credential[registry=" + registry + ", username=" + username + "]";
        }
    }

    /** By normalised registry host, in the config's order. */
    private final Map<String, Credential> byHost;

    private RegistryCredentials(Map<String, Credential> byHost) {
        this.byHost = Collections.unmodifiableMap(byHost);
    }

    /**
     * Parses a docker config JSON text.
     *
     * @throws IllegalArgumentException saying what is wrong without quoting any value
     */
    public static RegistryCredentials parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        try {
            return of(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON");
        }
    }

    /**
     * Reads a docker config object; {@code null}, {@code {}} or no {@code auths} give {@link #NONE}.
     *
     * @throws IllegalArgumentException when an entry is not an object or its {@code auth} is not
     *                                  base64 of {@code user:password}; names the registry, never a value
     */
    public static RegistryCredentials of(JsonNode config) {
        if (config == null || !config.isObject() || !config.path("auths").isObject()) {
            return NONE;
        }
        Map<String, Credential> byHost = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : config.get("auths").properties()) {
            JsonNode entry = e.getValue();
            if (!entry.isObject()) {
                throw new IllegalArgumentException("the entry for \"" + e.getKey() + "\" is not an object");
            }
            String username = text(entry, "username");
            String password = text(entry, "password");
            String auth = text(entry, "auth");
            if (auth != null) {
                String decoded = decodeAuth(auth, e.getKey());
                int colon = decoded.indexOf(':');
                username = decoded.substring(0, colon);
                password = decoded.substring(colon + 1);
            }
            Credential credential = new Credential(e.getKey(), username, password, text(entry, "identitytoken"),
                    text(entry, "registrytoken"));
            byHost.putIfAbsent(host(e.getKey()), credential);
        }
        return new RegistryCredentials(byHost);
    }

    private static String decodeAuth(String auth, String registry) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the auth of \"" + registry + "\" is not base64");
        }
        if (decoded.indexOf(':') < 0) {
            throw new IllegalArgumentException("the auth of \"" + registry + "\" is not base64 of user:password");
        }
        return decoded;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || !value.isTextual() || value.textValue().isEmpty() ? null : value.textValue();
    }

    /**
     * The registry host a config key or image reference names: scheme and path dropped, lower case,
     * Docker Hub's aliases ({@code index.docker.io}, {@code registry-1.docker.io}) as {@code docker.io}.
     */
    public static String host(String registry) {
        String h = registry.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("https://")) {
            h = h.substring(8);
        } else if (h.startsWith("http://")) {
            h = h.substring(7);
        }
        int slash = h.indexOf('/');
        if (slash >= 0) {
            h = h.substring(0, slash);
        }
        return switch (h) {
            case "index.docker.io", "registry-1.docker.io" -> DOCKER_HUB;
            default -> h;
        };
    }

    public boolean isEmpty() {
        return byHost.isEmpty();
    }

    /** The credentials for a registry host, if this config has any. */
    public Optional<Credential> forRegistry(String registryHost) {
        return Optional.ofNullable(byHost.get(host(registryHost)));
    }

    /** Everything secret in here (passwords, tokens and the base64 {@code user:password} docker sends). */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        for (Credential c : byHost.values()) {
            if (c.password() != null) {
                secrets.add(c.password());
                String user = c.username() == null ? "" : c.username();
                secrets.add(Base64.getEncoder().encodeToString((user + ":" + c.password()).getBytes(StandardCharsets.UTF_8)));
            }
            if (c.identityToken() != null) {
                secrets.add(c.identityToken());
            }
            if (c.registryToken() != null) {
                secrets.add(c.registryToken());
            }
        }
        return secrets;
    }

    @Override
    public String toString() {
        return "RegistryCredentials" + byHost.values();
    }
}
