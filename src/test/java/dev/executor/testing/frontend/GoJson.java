package dev.executor.testing.frontend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Field readers that reproduce what Go's {@code encoding/json} accepts when the frontend decodes a request into
 * its typed structs. The real server rejects a type mismatch (string where an int is expected, a float for an
 * int, ...) with {@code 400 Failed to unmarshal payload: ...}; missing fields and JSON null decode to the zero
 * value without error. Every reader here throws {@link BadPayload} exactly where Go would fail.
 */
final class GoJson {
    /**
     * Go's decoder has no string length limit, so neither may ours: Jackson's default (20 MB) would refuse a large
     * log entry the real frontend accepts.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build())
            .build());

    private GoJson() {
    }

    /** A decode failure; the message mimics Go's error text after "Failed to unmarshal payload: ". */
    static final class BadPayload extends Exception {
        BadPayload(String message) {
            super(message);
        }
    }

    /** Decodes a request body into an object like {@code json.NewDecoder(body).Decode(&structPtr)}. */
    static ObjectNode decodeObject(byte[] body, String goType) throws BadPayload {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new BadPayload("EOF"); // what Go's decoder reports for an empty body
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body); // like Go's Decoder: only the first value is read
        } catch (JsonProcessingException e) {
            throw new BadPayload("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadPayload(e.getMessage());
        }
        if (node == null || node.isNull()) {
            return MAPPER.createObjectNode(); // "null" decodes into the zero struct
        }
        if (!node.isObject()) {
            throw new BadPayload("json: cannot unmarshal " + goKind(node) + " into Go value of type " + goType);
        }
        return (ObjectNode) node;
    }

    static String string(ObjectNode o, String field, String goType) throws BadPayload {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw mismatch(n, goType, field, "string");
        }
        return n.asText();
    }

    /** Go {@code int}: only integral JSON numbers without fraction/exponent that fit in 64 bits. */
    static long integer(ObjectNode o, String field, String goType) throws BadPayload {
        Long v = optInteger(o, field, goType);
        return v == null ? 0 : v;
    }

    static Long optInteger(ObjectNode o, String field, String goType) throws BadPayload {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw mismatch(n, goType, field, "int");
        }
        return n.asLong();
    }

    /** Go {@code []string}; null/missing decode to null (nil slice), null elements to "". */
    static List<String> stringArray(ObjectNode o, String field, String goType) throws BadPayload {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw mismatch(n, goType, field, "[]string");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (e.isNull()) {
                out.add("");
            } else if (e.isTextual()) {
                out.add(e.asText());
            } else {
                throw mismatch(e, goType, field, "string");
            }
        }
        return out;
    }

    static BadPayload mismatch(JsonNode n, String goType, String field, String expected) {
        return new BadPayload("json: cannot unmarshal " + goKind(n) + " into Go struct field " + goType + "." + field
                + " of type " + expected);
    }

    static String goKind(JsonNode n) {
        JsonNodeType t = n.getNodeType();
        return switch (t) {
            case ARRAY -> "array";
            case OBJECT, POJO -> "object";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> t.name().toLowerCase();
        };
    }

    static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
