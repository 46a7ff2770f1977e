package io.drover.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A converter that throws an Error (a stack overflow, a failed assertion) fails its item alone, in
 * per-item and in bulk mode, and the run ends; a date inside a JSON column is written, and a value Jackson
 * cannot write fails its item at once with the column named, not retried as if a connection were lost.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails, not blocks
class ConverterTroubleIT {

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;
    Tables db;

    @BeforeEach
    void createDatabases() {
        source = TestDatabase.postgres("trouble_src");
        target = TestDatabase.postgres("trouble_tgt");
        db = new Tables(target.dataSource());
        Tables legacy = new Tables(source.dataSource());
        legacy.jdbc().execute("CREATE TABLE things (id int PRIMARY KEY, name text)");
        legacy.jdbc().update("INSERT INTO things SELECT g, 'thing ' || g FROM generate_series(1, 6) g");
        db.jdbc().execute("CREATE TABLE thing (id bigint PRIMARY KEY, name text NOT NULL, extra jsonb)");
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        target.close();
    }

    @ParameterizedTest(name = "{0}, sensitive columns: {1}")
    @CsvSource({"per-item, false", "bulk, false", "per-item, true", "bulk, true"})
    void anErrorInTheConverterFailsItsItemAloneAndTheRunEnds(String mode, boolean sensitive) {
        Drover drover = Drover.withMigration(dir, source, target, """
                - beans:
                    - name: troubleConverter
                      type: "#class:io.drover.faults.TroubleConverter"
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-things
                    parameters:
                      - name: migration
                        value: things
                      - name: idQuery
                        value: SELECT id FROM things
                      - name: itemQuery
                        value: SELECT * FROM things WHERE id = :#id
                      - name: converter
                        value: troubleConverter
                      - name: targets
                        value: thing key id
                """ + (sensitive ? """
                      - name: sensitiveColumns  # errors then go through the masking of messages
                        value: name
                """ : ""));

        Drover.Result run = mode.equals("bulk") ? drover.run("migrate", "things", "--all", "--bulk", "--chunk-size=3")
                : drover.run("migrate", "things", "--all");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("6 items").contains("3 migrated, 0 unchanged, 3 failed");
        assertThat(db.rows("SELECT id, extra::text AS extra FROM thing ORDER BY id")).containsExactly(
                Map.of("id", 1L, "extra", "{\"n\": 1}"),
                Map.of("id", 3L, "extra", "{\"born\": \"1815-12-10\"}"),
                Map.of("id", 6L, "extra", "{\"n\": 6}"));
        // one log row per item, each on its first attempt: nothing here was worth a retry
        List<Map<String, Object>> log = db.rows("SELECT item_id, status, attempt, error FROM drover.migration_log ORDER BY item_id");
        assertThat(log).extracting(r -> r.get("item_id") + "=" + r.get("status") + "#" + r.get("attempt"))
                .containsExactly("1=MIGRATED#1", "2=FAILED#1", "3=MIGRATED#1", "4=FAILED#1", "5=FAILED#1", "6=MIGRATED#1");
        assertThat((String) log.get(1).get("error")).startsWith("Item 2 of migration 'things' failed").endsWith(": StackOverflowError");
        assertThat((String) log.get(3).get("error")).startsWith("Item 4 of migration 'things' failed")
                .endsWith(": AssertionError: broken invariant");
        assertThat((String) log.get(4).get("error")).startsWith("Item 5 of migration 'things' failed")
                .contains("column 'extra' cannot be written as JSON: No serializer found for class java.lang.Object");
        assertThat(db.rows("SELECT status FROM drover.migration_run")).containsExactly(Map.of("status", "FAILED"));
    }
}
