package io.drover.distributed;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.DroverConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the item id of a record of an existing topic comes from (parameter idFrom of template
 * drover-kafka-ids): the record's key, or JSON Pointers (RFC 6901) into its JSON value, tried in order
 * (Debezium's /after/id, then /before/id for a delete).
 */
public final class RecordIdSource {

    public static final String KEY = "key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String spec;
    private final List<JsonPointer> pointers; // empty: the key

    private RecordIdSource(String spec, List<JsonPointer> pointers) {
        this.spec = spec;
        this.pointers = pointers;
    }

    /** Reads idFrom: {@code key}, or comma-separated JSON Pointers; anything else is a configuration error. */
    public static RecordIdSource parse(String idFrom) {
        String spec = idFrom == null ? "" : idFrom.trim();
        if (spec.equals(KEY)) {
            return new RecordIdSource(spec, List.of());
        }
        List<JsonPointer> pointers = new ArrayList<>();
        for (String part : spec.split(",")) {
            String pointer = part.trim();
            try {
                if (!pointer.startsWith("/")) {
                    throw new IllegalArgumentException("a JSON Pointer starts with '/'");
                }
                pointers.add(JsonPointer.compile(pointer));
            } catch (IllegalArgumentException e) {
                throw new DroverConfigException("idFrom '" + spec + "' is neither 'key' nor JSON Pointers into the record's value"
                        + " (RFC 6901, comma-separated, e.g. /after/id,/before/id): '" + pointer + "': " + e.getMessage());
            }
        }
        return new RecordIdSource(spec, List.copyOf(pointers));
    }

    /**
     * The record's item id as text.
     *
     * @throws NoId saying why the record has none
     */
    public String idOf(String key, String value) {
        if (pointers.isEmpty()) {
            if (key == null || key.isBlank()) {
                throw new NoId("the record has no key (idFrom: key)");
            }
            return key.trim();
        }
        if (value == null || value.isBlank()) {
            throw new NoId("the record's value is empty (idFrom: " + spec + ")");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new NoId("the record's value is not JSON (idFrom: " + spec + "): " + abbreviate(value));
        }
        for (JsonPointer pointer : pointers) {
            JsonNode node = tree.at(pointer);
            if (node.isMissingNode() || node.isNull()) {
                continue;
            }
            if (!node.isValueNode() || node.asText().isBlank()) {
                throw new NoId(pointer + " of the record's value is " + (node.isValueNode() ? "blank" : "no single value: "
                        + abbreviate(node.toString())));
            }
            return node.asText().trim();
        }
        throw new NoId("the record's value has no " + String.join(" nor ", pointers.stream().map(JsonPointer::toString).toList())
                + ": " + abbreviate(value));
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** Why a record has no item id: the reason its record goes to the dead-letter topic. */
    public static final class NoId extends RuntimeException {
        NoId(String reason) {
            super(reason, null, false, false);
        }
    }
}
