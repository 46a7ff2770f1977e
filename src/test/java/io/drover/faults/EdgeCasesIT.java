package io.drover.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declarations at the edges: NULL ids, uuid and json target columns, keys without a unique index, upper-case names. */
class EdgeCasesIT {

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;
    Tables db;
    Tables legacy;

    @BeforeEach
    void createDatabases() {
        source = TestDatabase.postgres("edge_src");
        target = TestDatabase.postgres("edge_tgt");
        db = new Tables(target.dataSource());
        legacy = new Tables(source.dataSource());
        legacy.jdbc().execute("CREATE TABLE docs (id int PRIMARY KEY, title text, body text)");
        legacy.jdbc().execute("CREATE TABLE doc_parts (part uuid PRIMARY KEY, doc_id int, body text)");
        legacy.jdbc().update("INSERT INTO docs VALUES (1, 'one', '{\"a\": 1}'), (2, 'two', '{\"b\": [1, 2]}')");
        legacy.jdbc().update("INSERT INTO doc_parts VALUES ('11111111-1111-1111-1111-111111111111', 1, 'p1'),"
                + " ('22222222-2222-2222-2222-222222222222', 1, 'p2')");
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        target.close();
    }

    private Drover migration(String idQuery, String targets) {
        return Drover.withMigration(dir, source, target, """
                - beans:
                    - name: docCopy
                      type: "#class:io.drover.faults.DocConverter"
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-docs
                    parameters:
                      - name: migration
                        value: docs
                      - name: idQuery
                        value: "%s"
                      - name: itemQuery
                        value: SELECT * FROM docs WHERE id = :#id
                      - name: childQueries
                        value: "parts: SELECT * FROM doc_parts WHERE doc_id = :#id ORDER BY part"
                      - name: converter
                        value: docCopy
                      - name: targets
                        value: |
                %s""".formatted(idQuery, targets.indent(10)));
    }

    /** The target tables: doc with these columns, and doc_part. */
    private void createTargets(String docColumns) {
        db.jdbc().execute("CREATE TABLE doc (" + docColumns + ")");
        db.jdbc().execute("CREATE TABLE doc_part (part uuid PRIMARY KEY, doc_id bigint, body text)");
    }

    @Test
    void nullIdsAreNoItemsAndUuidKeysAndJsonColumnsMigrateAndRerun() throws Exception {
        createTargets("id bigint PRIMARY KEY, title text, body json");
        Drover drover = migration("SELECT id FROM docs UNION ALL SELECT NULL", "doc key id\ndoc_part key part owner doc_id");

        Drover.Result first = drover.run("migrate", "docs", "--all");
        legacy.jdbc().update("DELETE FROM doc_parts WHERE body = 'p2'");
        Drover.Result second = drover.run("migrate", "docs", "--all", "--force");
        Drover.Result preview = drover.run("migrate", "docs", "--dry-run", "--item-id=1");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("2 items").contains("2 migrated");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(db.rows("SELECT CAST(part AS text) AS part FROM doc_part")).extracting(r -> r.get("part"))
                .containsExactly("11111111-1111-1111-1111-111111111111");
        assertThat(db.jdbc().queryForObject("SELECT body->>'a' FROM doc WHERE id = 1", String.class)).isEqualTo("1");
        assertThat(preview.exitCode()).as(preview.toString()).isZero();
        assertThat(preview.out()).contains("item 1 would change 0 rows");
    }

    @Test
    void aDeclaredKeyWithoutAUniqueIndexIsRefusedBeforeAnyItem() throws Exception {
        createTargets("id bigint, title text, body text");
        Drover drover = migration("SELECT id FROM docs", "doc key id\ndoc_part key part owner doc_id");

        Drover.Result result = drover.run("migrate", "docs", "--all");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("target table 'doc' has no primary key or unique index on [id]").contains("ADD UNIQUE (id)");
        assertThat(db.count("SELECT count(*) FROM doc")).isZero();
    }

    @Test
    void aRunEndedByAnErrorIsRecordedFailedNotLeftRunning() throws Exception {
        createTargets("id bigint PRIMARY KEY, title text, body text");
        // an id query that fails once the run has started: counting its ids divides by zero
        Drover drover = migration("SELECT 10 / (id - 1) AS id FROM docs", "doc key id\ndoc_part key part owner doc_id");

        Drover.Result result = drover.run("migrate", "docs", "--all");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("division by zero");
        assertThat(db.rows("SELECT status, arguments FROM drover.migration_run"))
                .containsExactly(java.util.Map.of("status", "FAILED", "arguments", "migrate docs --all"));
    }

    @Test
    void upperCaseNamesInTheDeclarationMeanTheUnquotedTables() throws Exception {
        createTargets("id bigint PRIMARY KEY, title text, body text");
        Drover drover = migration("SELECT id FROM docs", "Doc key ID\nDOC_PART key Part owner Doc_Id");

        Drover.Result result = drover.run("migrate", "docs", "--all");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.count("SELECT count(*) FROM doc_part")).isEqualTo(2);
    }
}
