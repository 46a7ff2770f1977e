package io.drover.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database errors classified by SQLSTATE: connection loss and shutdown (08, 57P01), serialization failure
 * and deadlock (40001, 40P01) and resource exhaustion (53) are tried again; everything else fails its item
 * on the first try with the database's own message. Either way the output has one line per retry and per
 * failed item, and no stack trace: with Drover's logging and with an embedding application's.
 */
class SqlStateRetryIT {

    /** item id → what its first tries at the target do, and how many of them fail. */
    private static final Map<Integer, String[]> FAULTS = Map.of(
            1, new String[] {"rule", "99", "an INSERT … ON CONFLICT on a table with rules (0A000)"},
            3, new String[] {"23505", "99", "duplicate key value violates unique constraint \"customer_email_key\""},
            4, new String[] {"23503", "99", "insert or update on table \"customer\" violates foreign key constraint \"customer_region_fkey\""},
            5, new String[] {"22001", "99", "value too long for type character varying(20)"},
            6, new String[] {"40001", "1", "could not serialize access due to concurrent update"},
            7, new String[] {"40P01", "1", "deadlock detected"},
            8, new String[] {"53100", "1", "could not extend file: No space left on device"},
            9, new String[] {"terminate", "1", "the item's own session terminated (57P01)"});

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Tables db;
    static Drover drover;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("sqlstate_src");
        target = TestDatabase.postgres("sqlstate_tgt");
        db = new Tables(target.dataSource());
        drover = Drover.configure(dir, source, target, Map.of("drover.retry.delay-ms", "100"));
        Drover.Result init = drover.run("sample", "init", "--customers=20");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        injectFaults();
    }

    @AfterAll
    static void dropDatabases() {
        TestDatabase.closeAll(source, target);
    }

    @BeforeEach
    void resetTries() {
        FAULTS.keySet().forEach(id -> db.jdbc().execute("ALTER SEQUENCE try_" + id + " RESTART"));
    }

    @Test
    void transientStatesAreRetriedOthersFailAtOnceWithTheDatabasesMessageAndOneLineEach() throws Exception {
        // when
        Process run = drover.start(dir, "run", "migrate", "customers", "--item-id=1,2,3,4,5,6,7,8,9", "--force");
        int exit = Drover.waitFor(run, 120);
        String out = Files.readString(dir.resolve("run.out"));
        String err = Files.readString(dir.resolve("run.err"));

        // then: the four data and feature errors failed on their only try, the four transient ones succeeded on their second
        assertThat(exit).as(out + err).isEqualTo(1);
        assertThat(db.statuses(db.latestRunId("customers"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "1", "FAILED", "2", "MIGRATED", "3", "FAILED", "4", "FAILED", "5", "FAILED",
                "6", "MIGRATED", "7", "MIGRATED", "8", "MIGRATED", "9", "MIGRATED"));
        assertThat(tries()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 1, 3, 1, 4, 1, 5, 1, 6, 2, 7, 2, 8, 2, 9, 2));

        // and: each failure carries the database's own message, in the log and in the summary
        Map<String, String> errors = errorsOfLatestRun();
        assertThat(errors.get("1")).contains("INSERT with ON CONFLICT clause cannot be used with table that has INSERT or UPDATE rules")
                .doesNotContain("Connection is closed");
        assertThat(errors.get("3")).contains("duplicate key value violates unique constraint \"customer_email_key\"");
        assertThat(errors.get("4")).contains("violates foreign key constraint \"customer_region_fkey\"");
        assertThat(errors.get("5")).contains("value too long for type character varying(20)");
        assertThat(out).contains("  1: Item 1 of migration 'customers' failed and was rolled back, nothing of it was written:"
                + " ERROR: INSERT with ON CONFLICT clause cannot be used with table that has INSERT or UPDATE rules");

        // and: one WARN line per retry (item, try, reason) and one per failed item; no stack trace
        assertOneLinePerRetryAndFailure(out + err, "6789");
        assertThat(warnings(err)).filteredOn(line -> line.contains("trying again"))
                .anySatisfy(line -> assertThat(line).contains("Item 6 of migration 'customers'").contains("(try 1 of 3)")
                        .contains("could not serialize access due to concurrent update"))
                .anySatisfy(line -> assertThat(line).contains("Item 9 of migration 'customers'")
                        .contains("terminating connection due to administrator command"));
    }

    @Test
    void bulkModePrintsNoStackTraceForATransientFailureOrAFailedItem() throws Exception {
        // when: the same faults in bulk mode: item 9's session is terminated while its chunk is written,
        // items 1, 3, 4 and 5 fail for good
        Process run = drover.start(dir, "bulk", "migrate", "customers", "--all", "--bulk", "--force");
        int exit = Drover.waitFor(run, 120);
        String out = Files.readString(dir.resolve("bulk.out"));
        String err = Files.readString(dir.resolve("bulk.err"));

        // then: the transient ones migrated on a later try, the others failed with their reasons
        assertThat(exit).as(out + err).isEqualTo(1);
        Map<String, String> statuses = db.statuses(db.latestRunId("customers"));
        assertThat(statuses).hasSize(20).containsEntry("1", "FAILED").containsEntry("3", "FAILED").containsEntry("4", "FAILED")
                .containsEntry("5", "FAILED").containsEntry("6", "MIGRATED").containsEntry("9", "MIGRATED");
        assertThat(tries().get(9)).isGreaterThanOrEqualTo(2);

        // and: no stack trace anywhere; one line per failed item and one per chunk retried after a transient failure
        assertThat((out + err).lines().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")))
                .as(out + err).isEmpty();
        List<String> warnings = warnings(err);
        assertThat(warnings).filteredOn(line -> line.contains("failed and was rolled back")).as(err).hasSize(4);
        assertThat(warnings).filteredOn(line -> line.contains("trying its halves")).as(err).isNotEmpty()
                .allSatisfy(line -> assertThat(line).containsPattern("Chunk of \\d+ items of migration 'customers': "));
        assertThat(warnings).as(err).allSatisfy(line -> assertThat(line).containsAnyOf("failed and was rolled back", "trying its halves"));
    }

    @Test
    void anEmbeddingApplicationsLoggingGetsNoStackTraceEither() throws Exception {
        // given: a logging set-up that quiets nothing, as an application embedding Drover has. (Item 9's lost
        // connection is left out: HikariCP logs the eviction of a broken connection with its stack trace.)
        Path logging = applicationLogging();

        // when
        Process run = drover.start(dir, "embedded", List.of("-Dlogback.configurationFile=" + logging),
                "migrate", "customers", "--item-id=1,2,3,4,5,6,7,8", "--force");
        int exit = Drover.waitFor(run, 120);
        String output = Files.readString(dir.resolve("embedded.out")) + Files.readString(dir.resolve("embedded.err"));

        // then
        assertThat(exit).as(output).isEqualTo(1);
        assertThat(output).as("the pool keeps the healthy connection of item 1's 0A000").doesNotContain("marked as broken");
        assertOneLinePerRetryAndFailure(output, "678");
    }

    @Test
    void inAnEmbeddingApplicationsLoggingALostConnectionsOnlyStackTraceIsHikariCPsOwn() throws Exception {
        // given: an application's logging that quiets nothing, and item 9's session terminated on its first try
        Path logging = applicationLogging();

        // when
        Process run = drover.start(dir, "lost", List.of("-Dlogback.configurationFile=" + logging),
                "migrate", "customers", "--item-id=2,9", "--force");
        int exit = Drover.waitFor(run, 120);
        String output = Files.readString(dir.resolve("lost.out")) + Files.readString(dir.resolve("lost.err"));

        // then: the item migrated on its second try, Drover said so in one line, and the one log entry with a
        // stack trace is HikariCP's own warning that it dropped the connection (docs/embedding.md says why)
        assertThat(exit).as(output).isZero();
        assertThat(warnings(output)).filteredOn(line -> line.contains("trying again")).as(output).singleElement()
                .satisfies(line -> assertThat(line).contains("Item 9 of migration 'customers'"));
        List<String> withStackTrace = new java.util.ArrayList<>();
        String entry = null;
        for (String line : output.lines().toList()) {
            if (line.matches("^(TRACE|DEBUG|INFO|WARN|ERROR) .*")) {
                entry = line;
            } else if ((line.startsWith("\tat ") || line.startsWith("Caused by:")) && entry != null && !withStackTrace.contains(entry)) {
                withStackTrace.add(entry);
            }
        }
        assertThat(withStackTrace).as(output).singleElement()
                .satisfies(line -> assertThat(line).startsWith("WARN  com.zaxxer.hikari.pool.ProxyConnection")
                        .contains("marked as broken because of SQLSTATE(57P01)"));
    }

    private static void assertOneLinePerRetryAndFailure(String output, String retriedItems) {
        assertThat(output.lines().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")))
                .as(output).isEmpty();
        List<String> warnings = warnings(output);
        assertThat(warnings).as(output).hasSize(4 + retriedItems.length());
        assertThat(warnings).filteredOn(line -> line.contains("trying again")).as(output).hasSize(retriedItems.length())
                .allSatisfy(line -> assertThat(line).containsPattern("Item [" + retriedItems + "] of migration 'customers': .* \\(try 1 of 3\\); trying again in 100 ms"));
        assertThat(warnings).filteredOn(line -> line.contains("failed and was rolled back")).as(output).hasSize(4)
                .allSatisfy(line -> assertThat(line).containsPattern("Item [1345] of migration 'customers' failed"));
    }

    private static List<String> warnings(String output) {
        return output.lines().filter(line -> line.matches("^(\\S+ )?(WARN|ERROR) .*")).toList();
    }

    private static Map<Integer, Integer> tries() {
        Map<Integer, Integer> tries = new java.util.HashMap<>();
        FAULTS.keySet().forEach(id -> tries.put(id, db.count("SELECT CASE WHEN is_called THEN CAST(last_value AS int) ELSE 0 END FROM try_" + id)));
        return tries;
    }

    private static Map<String, String> errorsOfLatestRun() {
        Map<String, String> errors = new java.util.HashMap<>();
        db.rows("SELECT item_id, error FROM drover.migration_log WHERE run_id = CAST(? AS uuid) AND status = 'FAILED'", db.latestRunId("customers"))
                .forEach(row -> errors.put((String) row.get("item_id"), (String) row.get("error")));
        return errors;
    }

    /**
     * A trigger on customer that makes the first tries of chosen items fail: with an error raised under a
     * given SQLSTATE, by an INSERT … ON CONFLICT into a table with a rule (PostgreSQL's own 0A000), or by
     * terminating the item's own session. The tries are counted by sequences, which a rollback leaves alone.
     */
    private static void injectFaults() {
        db.jdbc().execute("CREATE TABLE fault (item_id bigint PRIMARY KEY, sqlstate text NOT NULL, failures int NOT NULL, message text NOT NULL)");
        db.jdbc().execute("CREATE TABLE shadow (id bigint PRIMARY KEY)");
        db.jdbc().execute("CREATE TABLE shadow_audit (id bigint)");
        db.jdbc().execute("CREATE RULE shadow_audit AS ON INSERT TO shadow DO ALSO INSERT INTO shadow_audit VALUES (NEW.id)");
        FAULTS.forEach((id, fault) -> {
            db.jdbc().update("INSERT INTO fault VALUES (?, ?, ?, ?)", id, fault[0], Integer.parseInt(fault[1]), fault[2]);
            db.jdbc().execute("CREATE SEQUENCE try_" + id);
        });
        db.jdbc().execute("""
                CREATE FUNCTION inject_fault() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE f fault;
                BEGIN
                  SELECT * INTO f FROM fault WHERE item_id = NEW.id;
                  IF NOT FOUND OR nextval(CAST('try_' || NEW.id AS regclass)) > f.failures THEN
                    RETURN NEW;
                  END IF;
                  IF f.sqlstate = 'rule' THEN
                    INSERT INTO shadow VALUES (NEW.id) ON CONFLICT DO NOTHING;
                  ELSIF f.sqlstate = 'terminate' THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                    PERFORM pg_sleep(10);
                  ELSE
                    RAISE EXCEPTION '%', f.message USING ERRCODE = f.sqlstate;
                  END IF;
                  RETURN NEW;
                END $$""");
        db.jdbc().execute("CREATE TRIGGER inject_fault BEFORE INSERT OR UPDATE ON customer FOR EACH ROW EXECUTE FUNCTION inject_fault()");
    }

    /** A logging set-up that quiets nothing, at INFO, as an application embedding Drover has. */
    private Path applicationLogging() throws java.io.IOException {
        Path logging = dir.resolve("application-logback.xml");
        Files.writeString(logging, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%-5level %logger - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        return logging;
    }
}
