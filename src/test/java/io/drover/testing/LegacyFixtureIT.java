package io.drover.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The legacy fixture loads, its expected rows fit the target schema (types, enum, domain check, char
 * padding), and the comparison finds a port that is right and points at the first row that is not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyFixtureIT {

    static LegacyFixture fixture;

    @BeforeAll
    static void load() {
        fixture = LegacyFixture.load("fixture");
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @Test
    @Order(1)
    void sourceHoldsTheLegacyRowsAndTheTargetStartsEmpty() {
        JdbcTemplate source = new JdbcTemplate(fixture.source().dataSource());
        assertThat(source.queryForObject("SELECT LENGTH(picture) FROM staff WHERE staff_id = 1", Integer.class)).isEqualTo(35_000);
        assertThat(source.queryForObject("SELECT ST_AsText(location) FROM address WHERE address_id = 1", String.class))
                .isEqualTo("POINT(-113.49 53.54)");
        assertThat(fixture.tables()).hasSizeLessThanOrEqualTo(20).contains("film", "film_actor", "store", "staff", "payment_p2024");

        assertThat(fixture.firstDifference()).hasValueSatisfying(difference -> assertThat(difference)
                .startsWith("table actor, row 1 of 4 expected (by actor_id): expected (1,PENELOPE,GUINESS,")
                .endsWith("but the target has no more rows"));
    }

    @Test
    @Order(2)
    void targetHoldingTheExpectedRowsHasNoDifferenceAndOneChangedValueIsFound() {
        // given: the expected rows copied into the target, the foreign key and user triggers and the rules off
        // (session_replication_role = replica), so the copy is exact; the types and checks still apply
        JdbcTemplate target = new JdbcTemplate(fixture.target().dataSource());
        target.execute((java.sql.Connection connection) -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SET session_replication_role = replica");
                for (String table : fixture.tables()) {
                    statement.execute("INSERT INTO public." + table + " OVERRIDING SYSTEM VALUE SELECT * FROM expected." + table);
                }
                statement.execute("SET session_replication_role = origin");
            }
            return null;
        });
        assertThat(fixture.firstDifference()).isEmpty();

        // when: '' becomes NULL in one row
        target.update("UPDATE public.staff SET email = NULL WHERE staff_id = 2");

        // then
        assertThat(fixture.firstDifference()).hasValueSatisfying(difference -> assertThat(difference)
                .startsWith("table staff, row 2 of 3 expected (by staff_id): expected (2,Jon,Stephens,4,,\"\",2,t,Jon,")
                .contains("but the target has (2,Jon,Stephens,4,,,2,t,Jon,"));
    }
}
