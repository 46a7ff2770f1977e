package io.drover.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskingTest {

    private static final Set<String> SENSITIVE = Set.of("phone");

    @Test
    void masksSensitiveEntriesAtAnyDepthAndKeepsTheOrder() {
        Map<String, Object> address = Map.of("city", "Oslo");
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", 7);
        customer.put("PHONE", "+4712345678");
        customer.put("addresses", List.of(address, Map.of("phone", "+4799999999")));

        Object masked = Masking.mask(customer, SENSITIVE);

        assertEquals("{id=7, PHONE=****, addresses=[{city=Oslo}, {phone=****}]}", masked.toString());
        assertEquals("+4712345678", customer.get("PHONE"), "the item itself is left as it was");
        assertSame(address, ((List<?>) ((Map<?, ?>) masked).get("addresses")).get(0), "nothing to hide: not copied");
    }

    @Test
    void returnsValuesWithNothingToHideAsTheyAre() {
        Map<String, Object> row = Map.of("id", 1, "rows", List.of(Map.of("city", "Oslo")));
        assertSame(row, Masking.mask(row, SENSITIVE));
        assertSame(row, Masking.mask(row, Set.of()));
    }

    @Test
    void masksBothSidesOfADiffOfASensitiveColumnButKeepsNulls() {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("before", null);
        change.put("after", "+4712345678");
        Map<String, Object> diff = Map.of("columns", Map.of("phone", change));

        assertEquals("{columns={phone={before=null, after=****}}}", Masking.mask(diff, SENSITIVE).toString());
    }

    @Test
    void masksASensitiveColumnInTheKeyOfAChangedRow() {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("table", "customer_phone");
        change.put("key", "customer_id=7,phone=+41 44, 1234");
        change.put("change", "insert");
        change.put("columns", Map.of());
        assertEquals("{table=customer_phone, key=customer_id=7,phone=****, change=insert, columns={}}",
                Masking.mask(change, SENSITIVE).toString());
        change.put("key", "PHONE=+4712345678,customer_id=7");
        assertEquals("PHONE=****,customer_id=7", ((Map<?, ?>) Masking.mask(change, SENSITIVE)).get("key"));
        change.put("key", "customer_id=7");
        assertSame(change, Masking.mask(change, SENSITIVE), "nothing to hide: not copied");
    }

    @Test
    void leavesNullsButHidesAMapOrListUnderASensitiveNameWhole() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("phone", null);
        assertSame(row, Masking.mask(row, SENSITIVE));
        // a jsonb column's map, an array column's list
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("id", 7);
        nested.put("phone", Map.of("home", "+4712345678"));
        assertEquals("{id=7, phone=****}", Masking.mask(nested, SENSITIVE).toString());
        assertEquals("{phone=****}", Masking.mask(Map.of("phone", List.of("+4712345678", "+4799999999")), SENSITIVE).toString());
    }
}
