package io.drover.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fingerprint of a source item: SHA-256 over its canonical JSON (keys sorted) and the migration's
 * declaration, so that neither a source change nor a changed migration goes unnoticed.
 *
 * <p>The canonical JSON is the one Jackson writes for {@link SourceItem#toMap} with map entries ordered
 * by key, byte for byte (hashes stored by earlier runs stay valid); it is generated straight into the
 * digest, walking the maps in key order here, because bulk mode hashes every item and building the
 * merged map, a sorted copy of every map and the byte array cost more than the digest itself.
 */
public final class ItemHasher {

    /** Jackson with map entries ordered by key: what every value the walk below does not write itself goes through. */
    private final ObjectMapper canonical;
    /** Per migration fingerprint, a digest that has read it: each item's hash starts from a copy of it. */
    private final Map<String, MessageDigest> seeded = new ConcurrentHashMap<>();

    public ItemHasher(ObjectMapper json) {
        this.canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    public String hash(SourceItem item, String migrationFingerprint) {
        try {
            MessageDigest sha = (MessageDigest) seeded.computeIfAbsent(migrationFingerprint, ItemHasher::seed).clone();
            try (JsonGenerator out = canonical.getFactory().createGenerator(new DigestOutputStream(java.io.OutputStream.nullOutputStream(), sha))) {
                writeItem(out, item);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (CloneNotSupportedException | IOException e) {
            throw new IllegalStateException("cannot hash item " + item.id() + ": " + e.getMessage(), e);
        }
    }

    /** The item as {@link SourceItem#toMap} gives it: root columns and child lists, a child list winning a name both use. */
    private void writeItem(JsonGenerator out, SourceItem item) throws IOException {
        Map<String, Object> root = item.root();
        Map<String, List<Map<String, Object>>> children = item.children();
        String[] keys = new String[root.size() + children.size()];
        int n = 0;
        for (String key : root.keySet()) {
            if (!children.containsKey(key)) {
                keys[n++] = key;
            }
        }
        for (String key : children.keySet()) {
            keys[n++] = key;
        }
        Arrays.sort(keys, 0, n);
        out.writeStartObject();
        for (int i = 0; i < n; i++) {
            out.writeFieldName(keys[i]);
            List<Map<String, Object>> list = children.get(keys[i]);
            writeValue(out, list != null ? list : root.get(keys[i]));
        }
        out.writeEndObject();
    }

    private void writeValue(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Integer number) {
            out.writeNumber(number);
        } else if (value instanceof Long number) {
            out.writeNumber(number);
        } else if (value instanceof Map<?, ?> map) {
            if (!writtenAsMap(out, map)) {
                canonical.writeValue(out, value);
            }
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                writeValue(out, element);
            }
            out.writeEndArray();
        } else {
            canonical.writeValue(out, value); // every other type exactly as Jackson serializes it
        }
    }

    /** Writes a map of text keys in key order; false, having written nothing, for any other map (Jackson writes those). */
    private boolean writtenAsMap(JsonGenerator out, Map<?, ?> map) throws IOException {
        String[] keys = new String[map.size()];
        int n = 0;
        for (Object key : map.keySet()) {
            if (!(key instanceof String text)) {
                return false;
            }
            keys[n++] = text;
        }
        Arrays.sort(keys);
        out.writeStartObject();
        for (String key : keys) {
            out.writeFieldName(key);
            writeValue(out, map.get(key));
        }
        out.writeEndObject();
        return true;
    }

    private static MessageDigest seed(String migrationFingerprint) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(migrationFingerprint.getBytes(StandardCharsets.UTF_8));
            return sha;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
