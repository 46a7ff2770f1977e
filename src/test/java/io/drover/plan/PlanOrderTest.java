package io.drover.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverConfigException;
import io.drover.target.TableCatalog.ForeignKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order of a plan's migrations from foreign keys: parents first, cycles across migrations refused with the way out. */
class PlanOrderTest {

    private static ForeignKey key(String table, String column, String referenced, boolean deferrable) {
        return new ForeignKey(table + "_" + column + "_fkey", "public." + table, List.of(column), "public." + referenced, List.of("id"), deferrable);
    }

    private static Map<String, List<String>> migrations(String... nameAndTables) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String entry : nameAndTables) {
            String[] parts = entry.split("=");
            tables.put(parts[0], List.of(parts[1].split(",")).stream().map(t -> "public." + t).toList());
        }
        return tables;
    }

    private static Map<String, String> declared(Map<String, List<String>> tables) {
        Map<String, String> names = new LinkedHashMap<>();
        tables.values().forEach(list -> list.forEach(t -> names.put(t, t.substring("public.".length()))));
        return names;
    }

    @Test
    void parentsGoFirstWhateverTheNamesSay() {
        Map<String, List<String>> tables = migrations("reviews=review", "books=book", "publishers=publisher", "authors=author");
        List<ForeignKey> keys = List.of(key("book", "author_id", "author", false), key("book", "publisher_id", "publisher", false),
                key("review", "book_id", "book", false), key("author", "mentor_id", "author", false));

        List<String> order = PlanOrder.order("library", tables, keys, declared(tables));

        assertThat(order).containsExactly("authors", "publishers", "books", "reviews");
    }

    @Test
    void aCycleAcrossTwoMigrationsIsRefusedNamingBothTablesAndTheWayOut() {
        Map<String, List<String>> tables = migrations("shops=shop", "managers=manager");
        List<ForeignKey> keys = List.of(key("shop", "manager_id", "manager", false), key("manager", "shop_id", "shop", false));

        assertThatThrownBy(() -> PlanOrder.order("retail", tables, keys, declared(tables)))
                .isInstanceOf(DroverConfigException.class)
                .hasMessageContaining("plan 'retail': tables")
                .hasMessageContaining("shop").hasMessageContaining("manager")
                .hasMessageContaining("one aggregate migration").hasMessageContaining("DEFERRABLE");
    }

    @Test
    void aCycleInsideOneMigrationIsTheAggregatesBusiness() {
        Map<String, List<String>> tables = migrations("shops=shop,manager", "sales=sale");
        List<ForeignKey> keys = List.of(key("shop", "manager_id", "manager", false), key("manager", "shop_id", "shop", false),
                key("sale", "shop_id", "shop", false));

        assertThat(PlanOrder.order("retail", tables, keys, declared(tables))).containsExactly("shops", "sales");
    }

    @Test
    void aCycleOfDeferrableKeysIsAcceptedAndTheRestStaysInOrder() {
        Map<String, List<String>> tables = migrations("shops=shop", "managers=manager", "sales=sale");
        List<ForeignKey> keys = List.of(key("shop", "manager_id", "manager", true), key("manager", "shop_id", "shop", true),
                key("sale", "shop_id", "shop", false));

        assertThat(PlanOrder.order("retail", tables, keys, declared(tables))).containsExactly("managers", "shops", "sales");
    }

    @Test
    void aCycleWithOneKeyNotDeferrableIsRefused() {
        Map<String, List<String>> tables = migrations("shops=shop", "managers=manager");
        List<ForeignKey> keys = List.of(key("shop", "manager_id", "manager", true), key("manager", "shop_id", "shop", false));

        assertThatThrownBy(() -> PlanOrder.order("retail", tables, keys, declared(tables)))
                .hasMessageContaining("shop(manager_id) -> manager DEFERRABLE").hasMessageContaining("manager(shop_id) -> shop");
    }
}
