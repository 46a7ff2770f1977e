package io.drover.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyedQueryTest {

    @Test
    void readsTheKeyColumnAndRewritesTheCondition() {
        KeyedQuery q = KeyedQuery.of("SELECT * FROM addresses a WHERE a.Customer_Id = :#id ORDER BY id").orElseThrow();
        assertThat(q.keyColumn()).isEqualTo("customer_id");
        assertThat(q.forIds()).isEqualTo("SELECT * FROM addresses a WHERE a.Customer_Id IN (:#in:ids) ORDER BY id");
        assertThat(q.unrestricted()).isEqualTo("SELECT * FROM addresses a WHERE 1 = 1 ORDER BY id");
    }

    @Test
    void aPageQueryCarriesTheKeyWhateverTheQueryCallsIt() {
        KeyedQuery q = KeyedQuery.of("-- legacy\nselect distinct GenreId AS genre_id, Name FROM Genre g WHERE g.GenreId = :#id").orElseThrow();
        assertThat(q.forIdsWithKey()).contains("-- legacy\nselect distinct g.GenreId AS drover_page_key, GenreId AS genre_id, Name"
                + " FROM Genre g WHERE g.GenreId IN (:#in:ids)");
        assertThat(KeyedQuery.of("SELECT * FROM addresses WHERE customer_id = :#id").orElseThrow().forIdsWithKey())
                .contains("SELECT *, customer_id AS drover_page_key FROM addresses WHERE customer_id IN (:#in:ids)");
        assertThat(KeyedQuery.of("WITH g AS (SELECT * FROM Genre) SELECT * FROM g WHERE GenreId = :#id").orElseThrow()
                .forIdsWithKey()).isEmpty();
        assertThat(KeyedQuery.of("SELECT DISTINCT ON (a) a, b FROM t WHERE k = :#id").orElseThrow().forIdsWithKey()).isEmpty();
    }

    @Test
    void refusesQueriesThatUseTheIdOtherwise() {
        assertThat(KeyedQuery.of("SELECT * FROM c WHERE id = :#id OR parent = :#id")).isEmpty();
        assertThat(KeyedQuery.of("SELECT * FROM c WHERE id > :#id")).isEmpty();
        assertThat(KeyedQuery.of("SELECT * FROM c WHERE lower(code) = lower(:#id)")).isEmpty();
        assertThat(KeyedQuery.of("SELECT * FROM c WHERE id = :#identifier")).isEmpty();
    }

    @Test
    void idKeysIgnoreTheDriversNumberType() {
        assertThat(IdType.key(7)).isEqualTo(IdType.key(7L)).isEqualTo(IdType.key(new java.math.BigDecimal("7.0"))).isEqualTo("7");
        assertThat(IdType.key("A7")).isEqualTo("A7");
    }
}
