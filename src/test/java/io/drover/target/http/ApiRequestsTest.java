package io.drover.target.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.migration.Migration;
import io.drover.pipeline.TargetItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an item's request is built from the converter's output. */
class ApiRequestsTest {

    private static final Migration MIGRATION = Migration.fromParameters(Map.of("migration", "crm", "idQuery", "SELECT id FROM c",
            "itemQuery", "SELECT * FROM c WHERE id = :#id", "converter", "customerConverter",
            "api", "url: http://crm/customers/{id}?name={last_name}\nheader X-Source: drover"));

    @Test
    void theBodyIsTheRootRowWithTheOtherTablesNestedAndTheUrlIsFilledEncoded() {
        TargetItem item = new TargetItem().row("customer", row("id", 7, "last_name", "van der Berg", "created_at",
                java.sql.Timestamp.from(java.time.Instant.parse("2020-01-02T03:04:05Z"))))
                .row("customer_address", row("id", 70, "city", "Bergen"));

        ApiRequest request = ApiRequests.build(MIGRATION, MIGRATION.api(), MIGRATION.api().url(), ApiCredentials.NONE, "7", "h", item);

        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.uri()).isEqualTo("http://crm/customers/7?name=van%20der%20Berg");
        assertThat(request.headers()).containsEntry("X-Source", "drover").containsEntry("Content-Type", "application/json")
                .doesNotContainKey("Idempotency-Key");
        assertThat(request.body()).containsEntry("id", 7).containsEntry("created_at", "2020-01-02T03:04:05Z")
                .containsEntry("customer_address", List.of(Map.of("id", 70, "city", "Bergen")));
    }

    @Test
    void theIdempotencyKeyChangesWithTheSourceOnly() {
        String key = ApiRequests.idempotencyKey("crm", "7", "hash-a");

        assertThat(key).hasSize(64).isEqualTo(ApiRequests.idempotencyKey("crm", "7", "hash-a"));
        assertThat(key).isNotEqualTo(ApiRequests.idempotencyKey("crm", "7", "hash-b"))
                .isNotEqualTo(ApiRequests.idempotencyKey("crm", "8", "hash-a"));
    }

    @Test
    void aUrlFieldTheBodyLacksOrABodyOfSeveralRowsFailsTheItemNamingWhy() {
        TargetItem noName = new TargetItem().row("customer", row("id", 7));
        TargetItem twoRows = new TargetItem().row("customer", row("id", 7, "last_name", "A")).row("customer", row("id", 8, "last_name", "B"));

        assertThatThrownBy(() -> ApiRequests.build(MIGRATION, MIGRATION.api(), MIGRATION.api().url(), ApiCredentials.NONE, "7", "h", noName))
                .hasMessageContaining("{last_name}").hasMessageContaining("[id]");
        assertThatThrownBy(() -> ApiRequests.build(MIGRATION, MIGRATION.api(), MIGRATION.api().url(), ApiCredentials.NONE, "7", "h", twoRows))
                .hasMessageContaining("gave 2 rows of customer");
    }

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
