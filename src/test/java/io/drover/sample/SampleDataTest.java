package io.drover.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import io.drover.pipeline.ItemDataException;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.TargetItem;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleDataTest {

    private static final int CUSTOMERS = 1300;
    private static final String[] CUSTOMER_COLUMNS = {"id", "full_name", "email", "phone", "status", "created_at", "modified_at"};
    private static final String[] ADDRESS_COLUMNS = {"id", "customer_id", "kind", "street", "city", "zip", "country"};

    private final CustomerConverter converter = new CustomerConverter();

    @Test
    void theSameIdAlwaysGivesTheSameRows() {
        for (int id : new int[] {1, 2, 250, 750, 1250, 1299}) {
            assertThat(SampleData.customer(id)).containsExactly(SampleData.customer(id));
            assertThat(asLists(SampleData.addresses(id))).isEqualTo(asLists(SampleData.addresses(id)));
        }
    }

    @Test
    void generatesTheDocumentedLegacyMess() {
        // customer 1: padded name, padded lower-case email, (555) phone, day-first date
        assertThat(SampleData.customer(1)).containsExactly(1, "  Ken   Berners-Lee ", "  ken.berners-lee1@example.com ",
                "(555) 100-7919", "A", "02/01/2015", Timestamp.valueOf(LocalDateTime.of(2024, 1, 1, 0, 1)));
        // customer 2: "LAST, First", upper-case email, dotted phone, ISO-like date
        assertThat(SampleData.customer(2)).containsExactly(2, "ALLEN, Hedy", "HEDY2@MAIL.EXAMPLE.ORG",
                "555.101.5838", "I", "2015-01-04 10:00:00", Timestamp.valueOf(LocalDateTime.of(2024, 1, 1, 0, 2)));
        assertThat(asLists(SampleData.addresses(2))).containsExactly(
                List.of(20, 2, "B", "3 Turing Street", "Porto", "00062", "pt"),
                List.of(21, 2, "H", "6 Dijkstra Street", "Leeds", "00063", "GB"));
        assertThat(SampleData.addresses(3)).isEmpty();
        assertThat(SampleData.customer(5)[3]).as("every fifth customer has no phone").isNull();
    }

    @Test
    void convertsTheGeneratedRowsToTheExpectedTargetValues() {
        assertThat(convert(1).rows("customer").get(0)).containsExactly(
                entry("id", 1L), entry("first_name", "Ken"), entry("last_name", "Berners-Lee"),
                entry("email", "ken.berners-lee1@example.com"), entry("phone", "+15551007919"),
                entry("status", "active"), entry("created_at", OffsetDateTime.of(2015, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC)));
        assertThat(convert(1).rows("customer_address")).singleElement().satisfies(a -> assertThat(a).containsExactly(
                entry("id", 10L), entry("customer_id", 1L), entry("kind", "work"), entry("street", "3 Hopper Street"),
                entry("city", "Lyon"), entry("postal_code", "00031"), entry("country", "FR")));
        assertThat(convert(2).rows("customer").get(0)).contains(
                entry("first_name", "Hedy"), entry("last_name", "Allen"), entry("email", "hedy2@mail.example.org"),
                entry("phone", "+15551015838"), entry("status", "inactive"),
                entry("created_at", OffsetDateTime.of(2015, 1, 4, 10, 0, 0, 0, ZoneOffset.UTC)));
        assertThat(convert(3).rows("customer").get(0)).contains(
                entry("first_name", "Grace"), entry("last_name", "Wirth"), entry("email", "grace.wirth3@example.com"),
                entry("phone", "+15551023757"), entry("status", "suspended"));
        assertThat(convert(4).rows("customer").get(0)).contains(
                entry("first_name", "Margaret"), entry("last_name", "Wilson"), entry("phone", "+44201031676"),
                entry("status", "active"));
    }

    @Test
    void badItemsNamesTheSpoiledIdsAndWhatIsWrongWithThem() {
        assertThat(SampleData.badItems(CUSTOMERS)).containsExactly(
                entry(250, "created_at '31/02/2019' is not a date"),
                entry(750, "status code 'X' is unknown"),
                entry(1250, "an address without street (violates the target's NOT NULL constraint)"));
        assertThat(SampleData.badItems(249)).isEmpty();
        assertThat(SampleData.badItems(250)).containsOnlyKeys(250);
    }

    @Test
    void defectsCountWhatTheGeneratorSeeds() {
        SampleData.Defects defects = SampleData.defects(CUSTOMERS);
        assertThat(defects).isEqualTo(new SampleData.Defects(CUSTOMERS, 1299, 1, 1, 1, 1, 260));
        assertThat(defects.badItems()).isEqualTo(SampleData.badItems(CUSTOMERS).size());
        int addresses = 0;
        for (int id = 1; id <= CUSTOMERS; id++) {
            addresses += SampleData.addresses(id).size();
        }
        assertThat(defects.addresses()).isEqualTo(addresses);
    }

    @Test
    void everyGoodGeneratedItemConvertsAndTheBadOnesFailOnTheSpoiledColumn() {
        Set<Integer> bad = SampleData.badItems(CUSTOMERS).keySet();
        for (int id = 1; id <= CUSTOMERS; id++) {
            if (id == 250 || id == 750) {
                continue;
            }
            long itemId = id;
            TargetItem item = convert(id);
            Map<String, Object> customer = item.rows("customer").get(0);
            assertThat(customer.get("first_name")).as("first name of %d", id).asString().matches("[A-Z][a-z]+");
            assertThat(customer.get("last_name")).as("last name of %d", id).asString().matches("[A-Z][a-z]+(-[A-Z][a-z]+)?");
            assertThat(customer.get("phone")).as("phone of %d", id)
                    .satisfiesAnyOf(p -> assertThat(p).isNull(), p -> assertThat(p).asString().matches("\\+[1-9][0-9]{6,14}"));
            LocalDateTime created = LocalDateTime.of(2015, 1, 1, 8, 0).plusHours(id * 37L);
            OffsetDateTime expected = (id % 2 == 0 ? created : created.truncatedTo(ChronoUnit.DAYS)).atOffset(ZoneOffset.UTC);
            assertThat(customer.get("created_at")).as("created_at of %d", id).isEqualTo(expected);
            assertThat(item.rows("customer_address")).as("addresses of %d", id)
                    .hasSize(SampleData.addresses(id).size())
                    .allSatisfy(a -> assertThat(a).containsEntry("customer_id", itemId));
        }
        assertThat(bad).containsExactly(250, 750, 1250);

        ItemDataException badDate = catchThrowableOfType(ItemDataException.class, () -> convert(250));
        assertThat(badDate.column()).isEqualTo("created_at");
        assertThat(badDate).hasMessageContaining("(value: '31/02/2019')");

        ItemDataException badStatus = catchThrowableOfType(ItemDataException.class, () -> convert(750));
        assertThat(badStatus.column()).isEqualTo("status");
        assertThat(badStatus).hasMessageContaining("column 'status' must be one of the codes [A, I, S] (value: 'X')");

        // 1250 converts: its missing street is left to the target's NOT NULL constraint
        assertThat(convert(1250).rows("customer_address")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("street", null));
    }

    @Test
    void allGeneratedEmailsAreUniqueAfterNormalisation() {
        Set<String> emails = new HashSet<>();
        for (int id = 1; id <= CUSTOMERS; id++) {
            emails.add(CustomerConverter.email(SampleData.customer(id)[2]));
        }
        assertThat(emails).hasSize(CUSTOMERS);
    }

    private TargetItem convert(int id) {
        Map<String, Object> root = row(CUSTOMER_COLUMNS, SampleData.customer(id));
        List<Map<String, Object>> addresses = SampleData.addresses(id).stream().map(a -> row(ADDRESS_COLUMNS, a)).toList();
        return converter.convert(new SourceItem(id, root, Map.of("addresses", addresses)));
    }

    private static Map<String, Object> row(String[] columns, Object[] values) {
        assertThat(values).hasSameSizeAs(columns);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            row.put(columns[i], values[i]);
        }
        return row;
    }

    private static List<List<Object>> asLists(List<Object[]> rows) {
        return rows.stream().map(Arrays::asList).toList();
    }
}
