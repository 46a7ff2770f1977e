package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MariaDB as the source: the same sample gives the same target, row for row, as from PostgreSQL. */
class MariaDbSourceIT {

    private static final int CUSTOMERS = 800; // bad items: 250 and 750

    @TempDir
    static Path dir;
    static TestDatabase mariadb;
    static TestDatabase postgresSource;
    static TestDatabase fromMariaDb;
    static TestDatabase fromPostgres;

    @BeforeAll
    static void createDatabases() {
        mariadb = TestDatabase.mariadb("mariadb_src");
        postgresSource = TestDatabase.postgres("pg_src");
        fromMariaDb = TestDatabase.postgres("from_mariadb");
        fromPostgres = TestDatabase.postgres("from_pg");
    }

    @AfterAll
    static void dropDatabases() {
        mariadb.close();
        postgresSource.close();
        fromMariaDb.close();
        fromPostgres.close();
    }

    @Test
    void migratesFromMariaDbIdempotentlyAndLikeFromPostgres() {
        Drover maria = Drover.configure(dir.resolve("maria"), mariadb, fromMariaDb);
        Drover pg = Drover.configure(dir.resolve("pg"), postgresSource, fromPostgres);
        assertThat(maria.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        assertThat(pg.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();

        // when
        Drover.Result first = maria.run("migrate", "customers", "--all");
        Drover.Result second = maria.run("migrate", "customers", "--all");
        pg.run("migrate", "customers", "--all");

        // then
        assertThat(first.out()).as(first.toString()).contains((CUSTOMERS - 2) + " migrated, 0 unchanged, 2 failed");
        assertThat(second.out()).contains("0 migrated, " + (CUSTOMERS - 2) + " unchanged, 2 failed");
        Tables maridbTarget = new Tables(fromMariaDb.dataSource());
        Tables pgTarget = new Tables(fromPostgres.dataSource());
        assertThat(maridbTarget.checksum("customer")).isEqualTo(pgTarget.checksum("customer"));
        assertThat(maridbTarget.checksum("customer_address")).isEqualTo(pgTarget.checksum("customer_address"));
        assertThat(maridbTarget.rows("SELECT source_data->>'full_name' AS name FROM drover.migration_log WHERE item_id = '3' LIMIT 1"))
                .extracting(r -> r.get("name")).containsExactly("grace Wirth"); // id 3: the raw legacy value, kept in the log
    }
}
