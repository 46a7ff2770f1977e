package io.drover.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.migration.Migration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DuplicateKeyException;

/** Which items of a failed chunk PostgreSQL's error names, from the fields of its error as the server sends them. */
class ChunkCulpritTest {

    private static final Migration MIGRATION = Migration.fromParameters(Map.of("migration", "customers",
            "idQuery", "SELECT id FROM customers", "itemQuery", "SELECT * FROM customers WHERE id = :#id",
            "converter", "customerConverter", "targets", "customer key id\\ncustomer_address key id owner customer_id"
                    .replace("\\n", "\n")));

    @Test
    void aUniqueValueNamesEveryItemHoldingItLowestIdFirst() {
        List<ItemWork> chunk = List.of(item(30, "ada@example.com"), item(7, "bob@example.com"), item(12, "ada@example.com"));

        List<ItemWork> named = ChunkCulprit.in(chunk, wrapped(error("23505", "public", "customer",
                "Key (email)=(ada@example.com) already exists.")));

        assertThat(named).extracting(ItemWork::id).containsExactly(12L, 30L);
    }

    @Test
    void aMissingParentNamesTheItemsWhoseChildRowsPointAtIt() {
        List<ItemWork> chunk = List.of(item(5, "a@example.com"), item(6, "b@example.com"));

        List<ItemWork> named = ChunkCulprit.in(chunk, wrapped(error("23503", "public", "customer_address",
                "Key (customer_id)=(6) is not present in table \"customer\".")));

        assertThat(named).extracting(ItemWork::id).containsExactly(6L);
    }

    @Test
    void aValueWithACommaIsWholeForOneColumnAndSeveralColumnsMatchTogether() {
        ItemWork comma = item(1, "o'brien, jr@example.com");
        ItemWork other = item(2, "x@example.com");

        assertThat(ChunkCulprit.in(List.of(comma, other), wrapped(error("23505", "public", "customer",
                "Key (email)=(o'brien, jr@example.com) already exists.")))).containsExactly(comma);
        assertThat(ChunkCulprit.in(List.of(comma, other), wrapped(error("23505", "public", "customer",
                "Key (id, email)=(2, x@example.com) already exists.")))).containsExactly(other);
        // a value holding ", " among several columns cannot be told apart: no item is named, the chunk is halved
        assertThat(ChunkCulprit.in(List.of(comma, other), wrapped(error("23505", "public", "customer",
                "Key (id, email)=(1, o'brien, jr@example.com) already exists.")))).isEmpty();
    }

    @Test
    void errorsThatNameNoKeyOrAnotherTableOrSpeakAnotherLanguageNameNoItem() {
        List<ItemWork> chunk = List.of(item(1, "a@example.com"));

        assertThat(ChunkCulprit.in(chunk, wrapped(error("23514", "public", "customer",
                "Failing row contains (1, a@example.com).")))).isEmpty();
        assertThat(ChunkCulprit.in(chunk, wrapped(error("23505", "public", "invoice",
                "Key (email)=(a@example.com) already exists.")))).isEmpty();
        assertThat(ChunkCulprit.in(chunk, wrapped(error("23505", "public", "customer",
                "Schlüssel »(email)=(a@example.com)« existiert bereits.")))).isEmpty();
        assertThat(ChunkCulprit.in(chunk, new IllegalStateException("no database error"))).isEmpty();
    }

    @Test
    void aTableQualifiedBySchemaMatchesOnlyThatSchema() {
        Migration qualified = Migration.fromParameters(Map.of("migration", "crm", "idQuery", "SELECT id FROM c",
                "itemQuery", "SELECT * FROM c WHERE id = :#id", "converter", "c", "targets", "crm.customer key id"));
        ItemWork work = new ItemWork(qualified, UUID.randomUUID(), 1L, false, false, false);
        work.converted(new TargetItem().row("crm.customer", Map.of("id", 1L, "email", "a@example.com")));

        assertThat(ChunkCulprit.in(List.of(work), wrapped(error("23505", "crm", "customer",
                "Key (email)=(a@example.com) already exists.")))).containsExactly(work);
        assertThat(ChunkCulprit.in(List.of(work), wrapped(error("23505", "public", "customer",
                "Key (email)=(a@example.com) already exists.")))).isEmpty();
    }

    private static ItemWork item(long id, String email) {
        ItemWork work = new ItemWork(MIGRATION, UUID.randomUUID(), id, false, false, false);
        work.converted(new TargetItem().row("customer", Map.of("id", id, "email", email))
                .rows("customer_address", List.of(Map.of("id", id * 10, "customer_id", id))));
        return work;
    }

    /** The error as PostgreSQL sends it: fields, each a type letter and its text, separated by NUL. */
    private static PSQLException error(String state, String schema, String table, String detail) {
        String fields = "SERROR\0VERROR\0C" + state + "\0Mconstraint violated\0D" + detail + "\0s" + schema + "\0t" + table + "\0";
        return new PSQLException(new ServerErrorMessage(fields));
    }

    /** As Spring hands it over from a chunk's transaction. */
    private static RuntimeException wrapped(PSQLException error) {
        return new DuplicateKeyException("chunk failed", error);
    }
}
