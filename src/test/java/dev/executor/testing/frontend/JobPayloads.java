package dev.executor.testing.frontend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the job description a test enqueues into exactly what Go's {@code Job.MarshalJSON} puts on the wire
 * (spec §2): every non-omitempty field present with its zero value, v2 file content base64, v1 plain, map keys
 * sorted. Unknown fields in the test input are refused, because Go would silently drop them and the test would
 * then believe it exercised something it did not.
 */
final class JobPayloads {
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> TOP = Set.of("repositoryName", "repositoryDirectory", "commit", "fetchTags",
            "shallowClone", "sparseCheckout", "files", "dockerSteps", "cliSteps", "redactedValues", "dockerAuthConfig");
    private static final Set<String> INJECTED = Set.of("id", "token", "version", "queue");
    private static final Set<String> FILE = Set.of("content", "bucket", "key", "modifiedAt");
    private static final Set<String> DOCKER_STEP = Set.of("key", "image", "commands", "dir", "env");
    private static final Set<String> CLI_STEP = Set.of("key", "command", "dir", "env");

    private JobPayloads() {
    }

    /** Validates a test-supplied v2-style job (plain file content) and returns it in canonical Go field order. */
    static ObjectNode normalize(String json) {
        JsonNode in;
        try {
            in = GoJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job JSON does not parse: " + e.getOriginalMessage(), e);
        }
        if (in == null || !in.isObject()) {
            throw new IllegalArgumentException("job JSON must be an object: " + json);
        }
        for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (INJECTED.contains(f)) {
                throw new IllegalArgumentException("'" + f + "' is set by the fake frontend at dequeue; use enqueueRaw to control it");
            }
            if (!TOP.contains(f)) {
                throw new IllegalArgumentException("unknown job field '" + f + "' (Go would drop it)");
            }
        }
        ObjectNode out = F.objectNode();
        out.put("repositoryName", text(in, "repositoryName"));
        out.put("repositoryDirectory", text(in, "repositoryDirectory"));
        out.put("commit", text(in, "commit"));
        out.put("fetchTags", bool(in, "fetchTags"));
        out.put("shallowClone", bool(in, "shallowClone"));
        out.set("sparseCheckout", stringsOrNull(in.get("sparseCheckout"), "sparseCheckout"));
        out.set("files", files(in.get("files")));
        out.set("dockerSteps", steps(in.get("dockerSteps"), DOCKER_STEP, "commands"));
        out.set("cliSteps", steps(in.get("cliSteps"), CLI_STEP, "command"));
        out.set("redactedValues", redacted(in.get("redactedValues")));
        out.set("dockerAuthConfig", dockerAuth(in.get("dockerAuthConfig")));
        return out;
    }

    /** Renders the wire payload of a normalised job for one dequeue. */
    static String render(ObjectNode job, long id, String token, String queueOrNull, boolean v2) {
        ObjectNode out = F.objectNode();
        if (v2) {
            out.put("version", 2);
        }
        out.put("id", id);
        out.put("token", token);
        if (queueOrNull != null) {
            out.put("queue", queueOrNull); // only the multi-queue handler sets it (spec §1.4)
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = job.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "dockerAuthConfig" -> {
                    if (v2) {
                        out.set("dockerAuthConfig", e.getValue().deepCopy());
                    }
                }
                case "files" -> out.set("files", renderFiles((ObjectNode) e.getValue(), v2));
                default -> out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return GoJson.toJson(out);
    }

    /**
     * A raw payload is sent verbatim. {@code ${id}} / {@code ${token}} placeholders are substituted when present;
     * otherwise {@code "id"} and {@code "token"} are spliced in textually after the first '{' so that even
     * deliberately malformed JSON stays byte-for-byte what the test wrote.
     */
    static String renderRaw(String raw, long id, String token) {
        if (raw.contains("${id}") || raw.contains("${token}")) {
            return raw.replace("${id}", Long.toString(id)).replace("${token}", token);
        }
        int brace = raw.indexOf('{');
        if (brace < 0) {
            return raw;
        }
        String rest = raw.substring(brace + 1);
        String sep = rest.stripLeading().startsWith("}") ? "" : ",";
        return raw.substring(0, brace + 1) + "\"id\":" + id + ",\"token\":\"" + token + "\"" + sep + rest;
    }

    /** Best-effort repository name of a raw payload (job tokens are scoped to it for the git routes). */
    static String repositoryOfRaw(String raw) {
        try {
            JsonNode n = GoJson.MAPPER.readTree(raw);
            return n != null && n.path("repositoryName").isTextual() ? n.get("repositoryName").asText() : "";
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private static ObjectNode renderFiles(ObjectNode files, boolean v2) {
        ObjectNode out = F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ObjectNode file = (ObjectNode) e.getValue().deepCopy();
            if (v2 && file.has("content")) {
                // v2 content is Go []byte: base64 (StdEncoding, padded) of the raw bytes.
                byte[] bytes = file.get("content").asText().getBytes(StandardCharsets.UTF_8);
                file.put("content", Base64.getEncoder().encodeToString(bytes));
            }
            out.set(e.getKey(), file);
        }
        return out;
    }

    private static ObjectNode files(JsonNode n) {
        ObjectNode out = F.objectNode();
        if (n == null || n.isNull()) {
            return out; // v2 and v1 both serialise files as an object (make(map...))
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("files must be an object path -> file");
        }
        TreeMap<String, JsonNode> sorted = new TreeMap<>(); // Go marshals map keys sorted
        n.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            JsonNode f = e.getValue();
            if (!f.isObject()) {
                throw new IllegalArgumentException("files." + e.getKey() + " must be an object");
            }
            f.fieldNames().forEachRemaining(k -> {
                if (!FILE.contains(k)) {
                    throw new IllegalArgumentException("unknown field files." + e.getKey() + "." + k);
                }
            });
            ObjectNode file = F.objectNode();
            putIfNotEmpty(file, "content", text(f, "content"));
            putIfNotEmpty(file, "bucket", text(f, "bucket"));
            putIfNotEmpty(file, "key", text(f, "key"));
            String modified = text(f, "modifiedAt");
            file.put("modifiedAt", modified.isEmpty() ? ZERO_TIME : modified); // time.Time is never omitted
            out.set(e.getKey(), file);
        }
        return out;
    }

    private static JsonNode steps(JsonNode n, Set<String> allowed, String argvField) {
        if (n == null || n.isNull()) {
            return F.nullNode();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("steps must be an array or null");
        }
        var out = F.arrayNode();
        for (JsonNode s : n) {
            if (!s.isObject()) {
                throw new IllegalArgumentException("step must be an object: " + s);
            }
            s.fieldNames().forEachRemaining(k -> {
                if (!allowed.contains(k)) {
                    throw new IllegalArgumentException("unknown step field '" + k + "' (allowed " + allowed + ")");
                }
            });
            ObjectNode step = F.objectNode();
            putIfNotEmpty(step, "key", text(s, "key"));
            if (allowed.contains("image")) {
                step.put("image", text(s, "image"));
            }
            step.set(argvField, stringsOrNull(s.get(argvField), argvField));
            step.put("dir", text(s, "dir"));
            step.set("env", stringsOrNull(s.get("env"), "env"));
            out.add(step);
        }
        return out;
    }

    private static JsonNode redacted(JsonNode n) {
        if (n == null || n.isNull()) {
            return F.nullNode();
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("redactedValues must be an object string -> string");
        }
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        n.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("redactedValues." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** {@code auths} keeps the test's base64 {@code auth} strings unchanged (Go []byte round-trips them). */
    private static ObjectNode dockerAuth(JsonNode n) {
        ObjectNode out = F.objectNode();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("dockerAuthConfig must be an object");
        }
        JsonNode auths = n.get("auths");
        if (auths != null && auths.isObject() && auths.size() > 0) {
            out.set("auths", auths.deepCopy()); // omitempty: an empty map is left out
        }
        return out;
    }

    private static JsonNode stringsOrNull(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return F.nullNode();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(field + " must be an array of strings or null");
        }
        n.forEach(e -> {
            if (!e.isTextual()) {
                throw new IllegalArgumentException(field + " must contain strings only: " + n);
            }
        });
        return n.deepCopy();
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string: " + n);
        }
        return n.asText();
    }

    private static boolean bool(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(field + " must be a boolean: " + n);
        }
        return n.asBoolean();
    }

    private static void putIfNotEmpty(ObjectNode o, String field, String value) {
        if (!value.isEmpty()) {
            o.put(field, value);
        }
    }
}
