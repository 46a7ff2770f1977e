package io.drover.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.drover.target.Bytes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Item states hold these hashes across runs and versions: a hash that changed for the same item would
 * re-migrate every item of a finished migration as changed.
 */
class ItemHasherTest {

    private final ItemHasher hasher = new ItemHasher(new ObjectMapper());

    @Test
    void isSha256OverTheFingerprintAndTheItemsJsonWithKeysSorted() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", "Ann");
        root.put("id", 1);
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("id", 10);
        address.put("city", "Oslo");
        SourceItem item = new SourceItem(1, root, Map.of("addresses", List.of(address)));

        // printf 'fp{"addresses":[{"city":"Oslo","id":10}],"id":1,"name":"Ann"}' | sha256sum
        assertEquals(GOLDEN, hasher.hash(item, "fp"));
    }

    private static final String GOLDEN = "f71d8e298a935df90238b8fd9958b00b1100e30b4f0a23d855ca8074b75f7cc9";

    @Test
    void givesWhatJacksonWritesForEveryKindOfSourceValue() throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("zeta", "quote \" backslash \\ tab \t newline \n é 漢 \u0001");
        root.put("id", 42L);
        root.put("count", 7);
        root.put("amount", new BigDecimal("12.50"));
        root.put("ratio", 0.1d);
        root.put("small", (short) 3);
        root.put("flag", true);
        root.put("missing", null);
        root.put("photo", new Bytes(new byte[] {1, 2, (byte) 0xff}));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", List.of(1, "two", Map.of("y", 2, "x", 1)));
        nested.put("a", null);
        root.put("doc", nested);
        root.put("lines", "shadowed by the child list of the same name");
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("sku", "A-1");
        line.put("qty", 2);
        Map<String, List<Map<String, Object>>> children = new LinkedHashMap<>();
        children.put("lines", List.of(line, Map.of()));
        children.put("empty", List.of());
        SourceItem item = new SourceItem(42L, root, children);

        ObjectMapper canonical = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("migration fingerprint".getBytes(StandardCharsets.UTF_8));
        sha.update(canonical.writeValueAsBytes(item.toMap()));

        assertEquals(HexFormat.of().formatHex(sha.digest()), hasher.hash(item, "migration fingerprint"));
    }

    @Test
    void changesWithAnyValueAndWithTheMigration() {
        SourceItem item = new SourceItem(1, Map.of("id", 1, "name", "Ann"), Map.of());
        SourceItem renamed = new SourceItem(1, Map.of("id", 1, "name", "Anne"), Map.of());
        assertNotEquals(hasher.hash(item, "fp"), hasher.hash(renamed, "fp"));
        assertNotEquals(hasher.hash(item, "fp"), hasher.hash(item, "fp2"));
        assertEquals(hasher.hash(item, "fp"), hasher.hash(new SourceItem(1, Map.of("name", "Ann", "id", 1), Map.of()), "fp"));
    }
}
