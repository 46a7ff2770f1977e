package io.drover.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemDiffTest {

    @Test
    void aRowTheTargetDoesNotHoldIsAnInsert() {
        // given
        var before = snapshot("customer", Map.of());
        var after = snapshot("customer", Map.of("id=1", row("id", 1L, "email", "ada@example.com", "phone", null)));

        // when
        List<Map<String, Object>> changes = ItemDiff.between(before, after);

        // then
        assertThat(changes).containsExactly(change("customer", "id=1", "insert", columns(
                "id", null, 1L,
                "email", null, "ada@example.com")));
        assertThat(ItemDiff.render(changes)).isEqualTo("""
                    insert customer [id=1]
                      id: NULL -> 1
                      email: NULL -> 'ada@example.com'
                """);
    }

    @Test
    void aChangedRowIsAnUpdateListingOnlyTheChangedColumnsWithBeforeAndAfter() {
        // given
        var before = snapshot("customer", Map.of("id=1", row("id", 1L, "email", "ada@old.example", "phone", null, "status", "active")));
        var after = snapshot("customer", Map.of("id=1", row("id", 1L, "email", "ada@example.com", "phone", "+15551234567", "status", "active")));

        // when
        List<Map<String, Object>> changes = ItemDiff.between(before, after);

        // then
        assertThat(changes).containsExactly(change("customer", "id=1", "update", columns(
                "email", "ada@old.example", "ada@example.com",
                "phone", null, "+15551234567")));
        assertThat(ItemDiff.render(changes)).isEqualTo("""
                    update customer [id=1]
                      email: 'ada@old.example' -> 'ada@example.com'
                      phone: NULL -> '+15551234567'
                """);
    }

    @Test
    void anOwnedRowNoLongerInTheItemIsADelete() {
        // given
        Map<String, Map<String, Object>> old = new LinkedHashMap<>();
        old.put("id=11", row("id", 11L, "customer_id", 1L, "street", "1 Main Street"));
        old.put("id=12", row("id", 12L, "customer_id", 1L, "street", "2 Side Street"));
        var before = snapshot("customer_address", old);
        var after = snapshot("customer_address", Map.of("id=11", row("id", 11L, "customer_id", 1L, "street", "1 Main Street")));

        // when
        List<Map<String, Object>> changes = ItemDiff.between(before, after);

        // then
        assertThat(changes).containsExactly(change("customer_address", "id=12", "delete", columns(
                "id", 12L, null,
                "customer_id", 1L, null,
                "street", "2 Side Street", null)));
        assertThat(ItemDiff.render(changes)).isEqualTo("""
                    delete customer_address [id=12]
                      id: 12 -> NULL
                      customer_id: 1 -> NULL
                      street: '2 Side Street' -> NULL
                """);
    }

    @Test
    void listsChangesTableByTable() {
        // given
        Map<String, Map<String, Map<String, Object>>> before = new LinkedHashMap<>();
        before.put("customer", Map.of("id=1", row("id", 1L, "email", "a@x.org")));
        before.put("customer_address", Map.of("id=12", row("id", 12L)));
        Map<String, Map<String, Map<String, Object>>> after = new LinkedHashMap<>();
        after.put("customer", Map.of("id=1", row("id", 1L, "email", "b@x.org")));
        after.put("customer_address", Map.of("id=13", row("id", 13L)));

        // when
        List<Map<String, Object>> changes = ItemDiff.between(before, after);

        // then
        assertThat(changes).extracting(c -> c.get("table") + " " + c.get("change") + " " + c.get("key"))
                .containsExactly("customer update id=1", "customer_address insert id=13", "customer_address delete id=12");
    }

    @Test
    void identicalSnapshotsAreNoChange() {
        // given
        var before = snapshot("customer", Map.of("id=1", row("id", 1L, "email", "ada@example.com", "phone", null)));
        var after = snapshot("customer", Map.of("id=1", row("id", 1L, "email", "ada@example.com", "phone", null)));

        // when
        List<Map<String, Object>> changes = ItemDiff.between(before, after);

        // then
        assertThat(changes).isEmpty();
        assertThat(ItemDiff.render(changes)).isEqualTo("    no change: the target already holds this item\n");
    }

    private static Map<String, Map<String, Map<String, Object>>> snapshot(String table, Map<String, Map<String, Object>> rows) {
        Map<String, Map<String, Map<String, Object>>> snapshot = new LinkedHashMap<>();
        snapshot.put(table, rows);
        return snapshot;
    }

    /** A row from alternating column names and values (values may be null). */
    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    /** Changed columns from triples: column, before, after. */
    private static Map<String, Object> columns(Object... triples) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("before", triples[i + 1]);
            values.put("after", triples[i + 2]);
            columns.put((String) triples[i], values);
        }
        return columns;
    }

    private static Map<String, Object> change(String table, String key, String kind, Map<String, Object> columns) {
        return Map.of("table", table, "key", key, "change", kind, "columns", columns);
    }
}
