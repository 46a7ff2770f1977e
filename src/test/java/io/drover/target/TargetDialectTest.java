package io.drover.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetDialectTest {

    private static final List<String> COLUMNS = List.of("id", "a", "b");
    private static final List<String> PLACEHOLDERS = List.of("?", "?", "?");

    @Test
    void postgresqlUpdatesOnlyRowsThatActuallyChange() {
        assertThat(TargetDialect.POSTGRESQL.upsert("customer", COLUMNS, PLACEHOLDERS, List.of("id"))).isEqualTo(
                "INSERT INTO \"customer\" (\"id\", \"a\", \"b\") VALUES (?, ?, ?)"
                        + " ON CONFLICT (\"id\") DO UPDATE SET \"a\" = EXCLUDED.\"a\", \"b\" = EXCLUDED.\"b\""
                        + " WHERE (CAST(\"customer\".\"a\" AS text), CAST(\"customer\".\"b\" AS text))"
                        + " IS DISTINCT FROM (CAST(EXCLUDED.\"a\" AS text), CAST(EXCLUDED.\"b\" AS text))");
    }

    @Test
    void postgresqlKeepsThePlaceholdersItIsGiven() {
        assertThat(TargetDialect.POSTGRESQL.upsert("customer", List.of("id", "payload"), List.of("?", "CAST(? AS jsonb)"),
                List.of("id"))).isEqualTo(
                "INSERT INTO \"customer\" (\"id\", \"payload\") VALUES (?, CAST(? AS jsonb))"
                        + " ON CONFLICT (\"id\") DO UPDATE SET \"payload\" = EXCLUDED.\"payload\""
                        + " WHERE (CAST(\"customer\".\"payload\" AS text)) IS DISTINCT FROM (CAST(EXCLUDED.\"payload\" AS text))");
    }

    @Test
    void postgresqlDoesNothingWhenEveryColumnIsAKey() {
        assertThat(TargetDialect.POSTGRESQL.upsert("customer_tag", List.of("customer_id", "tag"), List.of("?", "?"),
                List.of("customer_id", "tag"))).isEqualTo(
                "INSERT INTO \"customer_tag\" (\"customer_id\", \"tag\") VALUES (?, ?)"
                        + " ON CONFLICT (\"customer_id\", \"tag\") DO NOTHING");
    }

    @Test
    void postgresqlQuotesSchemaQualifiedTablesPartByPart() {
        assertThat(TargetDialect.POSTGRESQL.upsert("crm.customer", List.of("id", "a"), List.of("?", "?"), List.of("id")))
                .isEqualTo("INSERT INTO \"crm\".\"customer\" (\"id\", \"a\") VALUES (?, ?)"
                        + " ON CONFLICT (\"id\") DO UPDATE SET \"a\" = EXCLUDED.\"a\""
                        + " WHERE (CAST(\"crm\".\"customer\".\"a\" AS text)) IS DISTINCT FROM (CAST(EXCLUDED.\"a\" AS text))");
    }

    @Test
    void postgresqlInsertsIdentityValuesOverridingTheSystemAndNeverUpdatesThem() {
        assertThat(TargetDialect.POSTGRESQL.upsert("film", List.of("film_id", "code", "title"), PLACEHOLDERS, List.of("code"),
                java.util.Set.of("film_id"))).isEqualTo(
                "INSERT INTO \"film\" (\"film_id\", \"code\", \"title\") OVERRIDING SYSTEM VALUE VALUES (?, ?, ?)"
                        + " ON CONFLICT (\"code\") DO UPDATE SET \"title\" = EXCLUDED.\"title\""
                        + " WHERE (CAST(\"film\".\"title\" AS text)) IS DISTINCT FROM (CAST(EXCLUDED.\"title\" AS text))");
    }

    @Test
    void h2MergesByKey() {
        assertThat(TargetDialect.H2.upsert("customer", COLUMNS, PLACEHOLDERS, List.of("id")))
                .isEqualTo("MERGE INTO \"customer\" (\"id\", \"a\", \"b\") KEY (\"id\") VALUES (?, ?, ?)");
        assertThat(TargetDialect.H2.upsert("customer_tag", List.of("customer_id", "tag"), List.of("?", "?"),
                List.of("customer_id", "tag")))
                .isEqualTo("MERGE INTO \"customer_tag\" (\"customer_id\", \"tag\") KEY (\"customer_id\", \"tag\") VALUES (?, ?)");
    }

    @Test
    void placeholdersForTextBoundToOtherTypes() {
        assertThat(TargetDialect.POSTGRESQL.castPlaceholder("timestamptz")).isEqualTo("CAST(? AS timestamptz)");
        assertThat(TargetDialect.POSTGRESQL.castPlaceholder("CustomerStatus")).isEqualTo("CAST(? AS \"CustomerStatus\")");
        assertThat(TargetDialect.POSTGRESQL.jsonPlaceholder()).isEqualTo("CAST(? AS jsonb)");
        assertThat(TargetDialect.H2.castPlaceholder("timestamp with time zone")).isEqualTo("?");
        assertThat(TargetDialect.H2.jsonPlaceholder()).isEqualTo("? FORMAT JSON");
    }
}
