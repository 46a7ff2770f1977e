package io.drover.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Target tables that refuse a plain upsert, as legacy PostgreSQL schemas have them: a view written by
 * INSTEAD OF triggers (customer_v), a table whose INSERT and UPDATE rules route rows into child tables by
 * year (payment, owned by its customer), and tables keyed GENERATED ALWAYS AS IDENTITY (film, and film_note
 * owned by its film). Every table has a BEFORE UPDATE trigger stamping last_update. Per item, bulk, dry run
 * and verify; reruns leave every table byte-identical; a changed source row rewrites exactly its item.
 */
class WriteStrategiesIT {

    private static final List<String> TABLES = List.of("customer_base", "payment_p2022", "payment_p2023", "film", "film_note");

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;
    Tables legacy;
    Tables db;
    Drover drover;

    @BeforeEach
    void createDatabases() {
        source = TestDatabase.postgres("strategies_src");
        target = TestDatabase.postgres("strategies_tgt");
        legacy = new Tables(source.dataSource());
        db = new Tables(target.dataSource());
        legacy.jdbc().execute("""
                CREATE TABLE customers (customer_id int PRIMARY KEY, name text, email text);
                CREATE TABLE payments (payment_id int PRIMARY KEY, customer_id int, year int, amount numeric);
                CREATE TABLE films (film_id int PRIMARY KEY, title text, rating numeric);
                CREATE TABLE film_notes (note_id int PRIMARY KEY, film_id int, body text);
                INSERT INTO customers VALUES (1, 'Ada', 'ada@example.org'), (2, 'Grace', 'grace@example.org'), (3, 'Edsger', NULL);
                INSERT INTO payments VALUES (11, 1, 2022, 12.5), (12, 1, 2023, 3), (21, 2, 2023, 7.25), (22, 2, 2022, 1);
                INSERT INTO films VALUES (1, 'Metropolis', 7.5), (2, 'Nosferatu', 8), (3, 'Sunrise', NULL);
                INSERT INTO film_notes VALUES (101, 1, 'silent'), (102, 1, 'restored'), (201, 2, 'vampire')""");
        db.jdbc().execute("""
                CREATE FUNCTION stamp_last_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.last_update := clock_timestamp(); RETURN NEW; END $$;

                CREATE TABLE customer_base (id int PRIMARY KEY, full_name text NOT NULL, email text,
                                            last_update timestamptz NOT NULL DEFAULT clock_timestamp());
                CREATE TRIGGER customer_base_stamp BEFORE UPDATE ON customer_base FOR EACH ROW EXECUTE FUNCTION stamp_last_update();
                CREATE VIEW customer_v AS SELECT id AS customer_id, full_name AS name, email, last_update FROM customer_base;
                CREATE FUNCTION customer_v_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO customer_base (id, full_name, email) VALUES (NEW.customer_id, NEW.name, NEW.email);
                    ELSE
                        UPDATE customer_base SET id = NEW.customer_id, full_name = NEW.name, email = NEW.email WHERE id = OLD.customer_id;
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER customer_v_write INSTEAD OF INSERT OR UPDATE ON customer_v FOR EACH ROW EXECUTE FUNCTION customer_v_write();

                CREATE TABLE payment (payment_id int PRIMARY KEY, customer_id int NOT NULL, year int NOT NULL,
                                      amount numeric(8,2) NOT NULL, last_update timestamptz NOT NULL DEFAULT clock_timestamp());
                CREATE TABLE payment_p2022 (CHECK (year = 2022), PRIMARY KEY (payment_id)) INHERITS (payment);
                CREATE TABLE payment_p2023 (CHECK (year = 2023), PRIMARY KEY (payment_id)) INHERITS (payment);
                CREATE RULE payment_insert_p2022 AS ON INSERT TO payment WHERE NEW.year = 2022
                    DO INSTEAD INSERT INTO payment_p2022 VALUES (NEW.*);
                CREATE RULE payment_insert_p2023 AS ON INSERT TO payment WHERE NEW.year = 2023
                    DO INSTEAD INSERT INTO payment_p2023 VALUES (NEW.*);
                CREATE RULE payment_update_p2022 AS ON UPDATE TO payment WHERE OLD.year = 2022
                    DO INSTEAD UPDATE payment_p2022 SET customer_id = NEW.customer_id, amount = NEW.amount WHERE payment_id = OLD.payment_id;
                CREATE RULE payment_update_p2023 AS ON UPDATE TO payment WHERE OLD.year = 2023
                    DO INSTEAD UPDATE payment_p2023 SET customer_id = NEW.customer_id, amount = NEW.amount WHERE payment_id = OLD.payment_id;
                CREATE TRIGGER payment_p2022_stamp BEFORE UPDATE ON payment_p2022 FOR EACH ROW EXECUTE FUNCTION stamp_last_update();
                CREATE TRIGGER payment_p2023_stamp BEFORE UPDATE ON payment_p2023 FOR EACH ROW EXECUTE FUNCTION stamp_last_update();

                CREATE TABLE film (film_id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL, rating numeric(3,1),
                                   last_update timestamptz NOT NULL DEFAULT clock_timestamp());
                CREATE TRIGGER film_stamp BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION stamp_last_update();
                CREATE TABLE film_note (note_id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, film_id int NOT NULL REFERENCES film,
                                        body text, last_update timestamptz NOT NULL DEFAULT clock_timestamp());
                CREATE TRIGGER film_note_stamp BEFORE UPDATE ON film_note FOR EACH ROW EXECUTE FUNCTION stamp_last_update()""");
        drover = Drover.withMigration(dir, source, target, """
                - beans:
                    - name: customerCopy
                      type: "#class:io.drover.target.AggregateCopyConverter"
                      properties:
                        table: customer_v
                    - name: filmCopy
                      type: "#class:io.drover.target.AggregateCopyConverter"
                      properties:
                        table: film
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-customers
                    parameters:
                      - name: migration
                        value: customers
                      - name: idQuery
                        value: SELECT customer_id FROM customers
                      - name: idColumn
                        value: customer_id
                      - name: itemQuery
                        value: SELECT * FROM customers WHERE customer_id = :#id
                      - name: childQueries
                        value: "payment: SELECT * FROM payments WHERE customer_id = :#id ORDER BY payment_id"
                      - name: converter
                        value: customerCopy
                      - name: targets
                        value: |
                          customer_v key customer_id
                          payment owner customer_id
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-films
                    parameters:
                      - name: migration
                        value: films
                      - name: idQuery
                        value: SELECT film_id FROM films
                      - name: idColumn
                        value: film_id
                      - name: itemQuery
                        value: SELECT * FROM films WHERE film_id = :#id
                      - name: childQueries
                        value: "film_note: SELECT * FROM film_notes WHERE film_id = :#id ORDER BY note_id"
                      - name: converter
                        value: filmCopy
                      - name: targets
                        value: |
                          film
                          film_note owner film_id
                """);
    }

    @AfterEach
    void dropDatabases() {
        TestDatabase.closeAll(source, target);
    }

    @Test
    void perItemWritesWhereTheRulesSendRowsAndRewritesExactlyTheChangedItem() {
        // when
        Drover.Result customers = drover.run("migrate", "customers", "--all");
        Drover.Result films = drover.run("migrate", "films", "--all");

        // then
        assertThat(customers.exitCode()).as(customers.toString()).isZero();
        assertThat(customers.out()).contains("3 migrated, 0 unchanged, 0 failed");
        assertThat(films.exitCode()).as(films.toString()).isZero();
        assertThat(films.out()).contains("3 migrated, 0 unchanged, 0 failed");
        assertFirstLoad();

        rerunsChangeNothingAndAChangedRowRewritesItsItem(new String[0]);
    }

    @Test
    void bulkModeWritesWhereTheRulesSendRowsAndRewritesExactlyTheChangedItem() {
        // when: a first load, where plain tables would be copied
        Drover.Result customers = drover.run("migrate", "customers", "--all", "--bulk", "--chunk-size=2");
        Drover.Result films = drover.run("migrate", "films", "--all", "--bulk", "--chunk-size=2");

        // then
        assertThat(customers.exitCode()).as(customers.toString()).isZero();
        assertThat(customers.out()).contains("3 migrated, 0 unchanged, 0 failed");
        assertThat(films.exitCode()).as(films.toString()).isZero();
        assertThat(films.out()).contains("3 migrated, 0 unchanged, 0 failed");
        assertFirstLoad();

        rerunsChangeNothingAndAChangedRowRewritesItsItem(new String[] {"--bulk", "--chunk-size=2"});

        // when: a chunk holds a new item and a changed one, whose rows are some there and some not
        legacy.jdbc().update("INSERT INTO customers VALUES (4, 'Barbara', 'barbara@example.org')");
        legacy.jdbc().update("INSERT INTO payments VALUES (31, 3, 2022, 4), (41, 4, 2023, 5), (42, 4, 2022, 6)");
        String customer3 = stamp("customer_base", "id", 3);
        Drover.Result mixed = drover.run("migrate", "customers", "--all", "--bulk", "--chunk-size=10");

        // then: the new rows are inserted where the rules send them, the row already there is left as it was
        assertThat(mixed.exitCode()).as(mixed.toString()).isZero();
        assertThat(mixed.out()).contains("2 migrated, 2 unchanged, 0 failed");
        assertThat(db.rows("SELECT tableoid::regclass::text AS part, payment_id FROM payment WHERE customer_id IN (3, 4)"
                + " ORDER BY payment_id")).containsExactly(row("part", "payment_p2022", "payment_id", 31),
                row("part", "payment_p2023", "payment_id", 41), row("part", "payment_p2022", "payment_id", 42));
        assertThat(db.rows("SELECT customer_id, name FROM customer_v WHERE customer_id >= 3 ORDER BY customer_id"))
                .containsExactly(row("customer_id", 3, "name", "Edsger"), row("customer_id", 4, "name", "Barbara"));
        assertThat(stamp("customer_base", "id", 3)).isEqualTo(customer3);
    }

    @Test
    void aDryRunShowsTheChangeWithoutWritingAndVerifyMatches() {
        drover.run("migrate", "customers", "--all");
        drover.run("migrate", "films", "--all");
        Map<String, String> before = checksums();
        legacy.jdbc().update("UPDATE payments SET amount = 99 WHERE payment_id = 22");
        legacy.jdbc().update("UPDATE films SET title = 'Faust' WHERE film_id = 2");

        // when
        Drover.Result customer = drover.run("migrate", "customers", "--dry-run", "--item-id=2");
        Drover.Result film = drover.run("migrate", "films", "--dry-run", "--item-id=2");
        Drover.Result unchanged = drover.run("migrate", "customers", "--dry-run", "--item-id=1");

        // then: each shows its one changed row, and nothing is written
        assertThat(customer.exitCode()).as(customer.toString()).isZero();
        assertThat(customer.out()).contains("item 2 would change 1 row:").contains("99");
        assertThat(film.exitCode()).as(film.toString()).isZero();
        assertThat(film.out()).contains("item 2 would change 1 row:").contains("Faust");
        assertThat(unchanged.out()).contains("item 1 would change 0 rows");
        assertThat(checksums()).isEqualTo(before);

        // when: verified, before and after the changed items are migrated
        Drover.Result stale = drover.run("verify", "customers");
        drover.run("migrate", "customers", "--all");
        drover.run("migrate", "films", "--all");
        Drover.Result verifyCustomers = drover.run("verify", "customers");
        Drover.Result verifyFilms = drover.run("verify", "films");

        // then
        assertThat(stale.out()).contains("3 items checked").contains("2 match, 0 missing, 1 different");
        assertThat(verifyCustomers.exitCode()).as(verifyCustomers.toString()).isZero();
        assertThat(verifyCustomers.out()).contains("3 match, 0 missing, 0 different, 0 extra, 0 errors");
        assertThat(verifyFilms.exitCode()).as(verifyFilms.toString()).isZero();
        assertThat(verifyFilms.out()).contains("3 match, 0 missing, 0 different, 0 extra, 0 errors");
        assertThat(db.rows("SELECT status FROM drover.verification_run ORDER BY started_at DESC LIMIT 2"))
                .containsOnly(Map.of("status", "MATCH"));
    }

    /** The rows of the sample, each in the table its rule sends it to, the ids the source's. */
    private void assertFirstLoad() {
        assertThat(db.rows("SELECT customer_id, name, email FROM customer_v ORDER BY customer_id")).containsExactly(
                row("customer_id", 1, "name", "Ada", "email", "ada@example.org"),
                row("customer_id", 2, "name", "Grace", "email", "grace@example.org"),
                row("customer_id", 3, "name", "Edsger", "email", null));
        assertThat(db.rows("SELECT tableoid::regclass::text AS part, payment_id, customer_id, CAST(amount AS text) AS amount"
                + " FROM payment ORDER BY payment_id")).containsExactly(
                row("part", "payment_p2022", "payment_id", 11, "customer_id", 1, "amount", "12.50"),
                row("part", "payment_p2023", "payment_id", 12, "customer_id", 1, "amount", "3.00"),
                row("part", "payment_p2023", "payment_id", 21, "customer_id", 2, "amount", "7.25"),
                row("part", "payment_p2022", "payment_id", 22, "customer_id", 2, "amount", "1.00"));
        assertThat(db.count("SELECT count(*) FROM ONLY payment")).isZero();
        assertThat(db.rows("SELECT film_id, title, CAST(rating AS text) AS rating FROM film ORDER BY film_id")).containsExactly(
                row("film_id", 1, "title", "Metropolis", "rating", "7.5"),
                row("film_id", 2, "title", "Nosferatu", "rating", "8.0"),
                row("film_id", 3, "title", "Sunrise", "rating", null));
        assertThat(db.rows("SELECT note_id, film_id, body FROM film_note ORDER BY note_id")).containsExactly(
                row("note_id", 101, "film_id", 1, "body", "silent"),
                row("note_id", 102, "film_id", 1, "body", "restored"),
                row("note_id", 201, "film_id", 2, "body", "vampire"));
    }

    private void rerunsChangeNothingAndAChangedRowRewritesItsItem(String[] mode) {
        Map<String, String> loaded = checksums();

        // when: run again, unchanged, then forced to write every item again
        Drover.Result customers = drover.run(args(mode, "migrate", "customers", "--all"));
        Drover.Result films = drover.run(args(mode, "migrate", "films", "--all"));
        Drover.Result forced = drover.run(args(mode, "migrate", "customers", "--all", "--force"));
        Drover.Result forcedFilms = drover.run(args(mode, "migrate", "films", "--all", "--force"));

        // then: every item UNCHANGED, and no row touched, not even by the forced writes (last_update kept)
        assertThat(customers.out()).as(customers.toString()).contains("0 migrated, 3 unchanged, 0 failed");
        assertThat(films.out()).as(films.toString()).contains("0 migrated, 3 unchanged, 0 failed");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forcedFilms.exitCode()).as(forcedFilms.toString()).isZero();
        assertThat(checksums()).isEqualTo(loaded);

        // when: one source row of each changes (and one owned row of each goes), then the migrations run again
        String customer2 = stamp("customer_base", "id", 2);
        String payment21 = stamp("payment", "payment_id", 21);
        String film1 = stamp("film", "film_id", 1);
        legacy.jdbc().update("UPDATE payments SET amount = 8.5 WHERE payment_id = 21");
        legacy.jdbc().update("DELETE FROM payments WHERE payment_id = 22");
        legacy.jdbc().update("UPDATE films SET rating = 9 WHERE film_id = 1");
        legacy.jdbc().update("DELETE FROM film_notes WHERE note_id = 102");
        Drover.Result changedCustomers = drover.run(args(mode, "migrate", "customers", "--all"));
        Drover.Result changedFilms = drover.run(args(mode, "migrate", "films", "--all"));

        // then: exactly those items MIGRATED, their rows rewritten where they live, the rest untouched
        assertThat(changedCustomers.exitCode()).as(changedCustomers.toString()).isZero();
        assertThat(changedCustomers.out()).contains("1 migrated, 2 unchanged, 0 failed");
        assertThat(changedFilms.exitCode()).as(changedFilms.toString()).isZero();
        assertThat(changedFilms.out()).contains("1 migrated, 2 unchanged, 0 failed");
        assertThat(db.statuses(db.latestRunId("customers"))).containsExactlyInAnyOrderEntriesOf(
                Map.of("1", "UNCHANGED", "2", "MIGRATED", "3", "UNCHANGED"));
        assertThat(db.statuses(db.latestRunId("films"))).containsExactlyInAnyOrderEntriesOf(
                Map.of("1", "MIGRATED", "2", "UNCHANGED", "3", "UNCHANGED"));
        assertThat(db.rows("SELECT CAST(amount AS text) AS amount FROM payment_p2023 WHERE payment_id = 21"))
                .containsExactly(row("amount", "8.50"));
        assertThat(stamp("payment", "payment_id", 21)).isNotEqualTo(payment21);
        assertThat(db.count("SELECT count(*) FROM payment WHERE payment_id = 22")).isZero();
        assertThat(stamp("customer_base", "id", 2)).isEqualTo(customer2);
        assertThat(db.rows("SELECT CAST(rating AS text) AS rating FROM film WHERE film_id = 1")).containsExactly(row("rating", "9.0"));
        assertThat(stamp("film", "film_id", 1)).isNotEqualTo(film1);
        assertThat(db.rows("SELECT note_id FROM film_note ORDER BY note_id")).containsExactly(row("note_id", 101), row("note_id", 201));
        assertThat(checksum("payment_p2022", "payment_id <> 22")).isEqualTo(loaded.get("payment_p2022 without 22"));
    }

    /** A checksum of every row of every target table, last_update included. */
    private Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : TABLES) {
            sums.put(table, checksum(table, "true"));
        }
        sums.put("payment_p2022 without 22", checksum("payment_p2022", "payment_id <> 22"));
        return sums;
    }

    private String checksum(String table, String where) {
        return db.jdbc().queryForObject("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + table
                + " t WHERE " + where, String.class);
    }

    private String stamp(String table, String key, int id) {
        return db.jdbc().queryForObject("SELECT CAST(last_update AS text) FROM " + table + " WHERE " + key + " = ?", String.class, id);
    }

    /** The command's arguments followed by those of the mode (per item: none; bulk: --bulk …). */
    private static String[] args(String[] mode, String... command) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        all.addAll(List.of(mode));
        return all.toArray(String[]::new);
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
