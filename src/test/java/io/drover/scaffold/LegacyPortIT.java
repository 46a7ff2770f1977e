package io.drover.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.LegacyFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 20's goal on the legacy fixture: the scaffold, unedited, migrates the whole schema to exactly the
 * expected rows, and a rerun changes nothing, per item and in bulk mode; verify and a dry run read the
 * same tables (rules, identity keys, enums, domains, arrays) without complaint.
 */
class LegacyPortIT {

    @TempDir
    static Path dir;
    static LegacyFixture fixture;

    @BeforeAll
    static void loadFixture() throws IOException {
        fixture = LegacyFixture.load("port");
    }

    @AfterAll
    static void dropFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theUneditedScaffoldPortsTheSchemaAndARerunChangesNothing() throws IOException {
        // given: the plan exactly as scaffold writes it
        Drover scaffold = Drover.configure(dir.resolve("scaffold"), fixture.source(), fixture.target());
        Path file = dir.resolve("rental.camel.yaml");
        assertThat(scaffold.run("scaffold", "rental", "--output=" + file).exitCode()).isZero();
        Drover drover = Drover.withMigration(dir.resolve("port"), fixture.source(), fixture.target(), Files.readString(file));

        // when
        Drover.Result first = drover.run("migrate", "--plan=rental", "--all");

        // then: every table holds its expected rows, and the sequences are past the migrated keys
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(fixture.firstDifference()).as(first.toString()).isEmpty();
        JdbcTemplate target = new JdbcTemplate(fixture.target().dataSource());
        assertThat(target.queryForObject("SELECT nextval(pg_get_serial_sequence('film', 'film_id'))", Long.class)).isGreaterThan(5);
        assertThat(target.queryForObject("SELECT nextval(pg_get_serial_sequence('actor', 'actor_id'))", Long.class)).isGreaterThan(4);

        // when: again, nothing changed in the source
        Drover.Result second = drover.run("migrate", "--plan=rental", "--all");

        // then: every item unchanged, every row as it was (a rewrite would stamp last_update with 2099-01-01)
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).as(second.toString()).containsPattern("total\\s+0 migrated, \\d+ unchanged, 0 failed, 0 rejected");
        assertThat(fixture.firstDifference()).isEmpty();

        // when: one row of the rule-routed table and one of an identity-keyed table change in the source
        JdbcTemplate legacy = new JdbcTemplate(fixture.source().dataSource());
        legacy.update("UPDATE payment SET amount = 12.50 WHERE payment_id = 3");
        legacy.update("UPDATE actor SET last_name = 'WAHLBERG-PORTED' WHERE actor_id = 2");
        Drover.Result third = drover.run("migrate", "--plan=rental", "--all");

        // then: exactly those two items are migrated again, each rewritten where it lives
        assertThat(third.exitCode()).as(third.toString()).isZero();
        assertThat(third.out()).as(third.toString()).containsPattern("total\\s+2 migrated, \\d+ unchanged, 0 failed, 0 rejected");
        assertThat(target.queryForList("SELECT migration || ':' || item_id FROM drover.migration_log WHERE status = 'MIGRATED'"
                + " GROUP BY migration, item_id HAVING count(*) > 1", String.class)).containsExactlyInAnyOrder("payment:3", "actor:2");
        assertThat(target.queryForObject("SELECT amount FROM payment_p2025 WHERE payment_id = 3", java.math.BigDecimal.class))
                .isEqualByComparingTo("12.50");
        assertThat(target.queryForObject("SELECT count(*) FROM ONLY payment", Integer.class)).isZero();
        assertThat(target.queryForObject("SELECT last_name FROM actor WHERE actor_id = 2", String.class)).isEqualTo("WAHLBERG-PORTED");

        // when: a source value its target type cannot take (a rating the PostgreSQL enum lacks)
        legacy.update("ALTER TABLE film MODIFY rating ENUM('G','PG','PG-13','R','NC-17','X') DEFAULT 'G'");
        legacy.update("UPDATE film SET rating = 'X' WHERE film_id = 2");
        Drover.Result bad = drover.run("migrate", "--plan=rental", "--all");

        // then: only that item fails, its error naming the column and the target type; the rest is unchanged
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.out()).as(bad.toString()).containsPattern("total\\s+0 migrated, \\d+ unchanged, 1 failed, 0 rejected");
        assertThat(target.queryForObject("SELECT error FROM drover.migration_log WHERE migration = 'film' AND item_id = '2'"
                + " AND status = 'FAILED'", String.class)).contains("rating").contains("mpaa_rating").contains("'X'");
        assertThat(target.queryForObject("SELECT rating::text FROM film WHERE film_id = 2", String.class)).isNotEqualTo("X");
    }

    @Test
    void theUneditedScaffoldPortsTheSchemaInBulkModeAndVerifyAndADryRunAgree() throws IOException {
        // given: a second copy of the fixture, and the plan exactly as scaffold writes it
        try (LegacyFixture bulkFixture = LegacyFixture.load("bulkport")) {
            Drover scaffold = Drover.configure(dir.resolve("bulk-scaffold"), bulkFixture.source(), bulkFixture.target());
            Path file = dir.resolve("bulk-rental.camel.yaml");
            assertThat(scaffold.run("scaffold", "rental", "--output=" + file).exitCode()).isZero();
            Drover drover = Drover.withMigration(dir.resolve("bulk-port"), bulkFixture.source(), bulkFixture.target(),
                    Files.readString(file));

            // when: the first load and a rerun, in bulk mode
            Drover.Result first = drover.run("migrate", "--plan=rental", "--all", "--bulk");
            Drover.Result second = drover.run("migrate", "--plan=rental", "--all", "--bulk");

            // then: the expected rows, and nothing rewritten the second time
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(bulkFixture.firstDifference()).as(first.toString()).isEmpty();
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(second.out()).as(second.toString()).containsPattern("total\\s+0 migrated, \\d+ unchanged, 0 failed, 0 rejected");
            assertThat(bulkFixture.firstDifference()).isEmpty();

            // when: verify reads every table back, then one source row changes
            Drover.Result verify = drover.run("verify", "--plan=rental");
            JdbcTemplate legacy = new JdbcTemplate(bulkFixture.source().dataSource());
            legacy.update("UPDATE payment SET amount = 13.75 WHERE payment_id = 3");
            Drover.Result changed = drover.run("verify", "--plan=rental");
            Drover.Result dryRun = drover.run("migrate", "payment", "--item-id=3", "--dry-run");

            // then: all match first; then exactly that item differs, and the dry run shows it without writing it
            assertThat(verify.exitCode()).as(verify.toString()).isZero();
            assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
            assertThat(changed.out()).as(changed.toString()).contains("amount");
            assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
            assertThat(dryRun.out()).as(dryRun.toString()).contains("13.75");
            assertThat(new JdbcTemplate(bulkFixture.target().dataSource())
                    .queryForObject("SELECT amount FROM payment WHERE payment_id = 3", java.math.BigDecimal.class))
                    .isNotEqualByComparingTo("13.75");
        }
    }
}
