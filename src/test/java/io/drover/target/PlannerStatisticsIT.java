package io.drover.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.TestDatabase;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bulk mode analyzes the tables it reads back once they have grown: the plan of a chunk's stale-row
 * removal is a user-visible thing (a whole-table scan per chunk), so the test checks the plan itself.
 */
class PlannerStatisticsIT {

    TestDatabase database;
    JdbcTemplate jdbc;

    @BeforeEach
    void createTables() {
        database = TestDatabase.postgres("planner_stats");
        jdbc = new JdbcTemplate(database.dataSource());
        jdbc.execute("CREATE TABLE parent (id bigint PRIMARY KEY)");
        jdbc.execute("CREATE TABLE \"Child Rows\" (id bigint PRIMARY KEY, parent_id bigint NOT NULL)");
        jdbc.execute("CREATE INDEX child_parent_idx ON \"Child Rows\" (parent_id)");
        // on a server whose autovacuum is on, it must not analyze them first
        jdbc.execute("ALTER TABLE parent SET (autovacuum_enabled = false)");
        jdbc.execute("ALTER TABLE \"Child Rows\" SET (autovacuum_enabled = false)");
        jdbc.execute("INSERT INTO parent SELECT g FROM generate_series(1, 100) g");
        jdbc.execute("INSERT INTO \"Child Rows\" SELECT g, g FROM generate_series(1, 60000) g");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void analyzesTheTablesThatGrewAndThenPlansChunkLookupsByIndex() throws InterruptedException {
        // given: a chunk's stale-row removal, planned before the table was ever analyzed
        String ids = String.join(", ", java.util.stream.LongStream.rangeClosed(30001, 30500).mapToObj(Long::toString).toList());
        String removal = "EXPLAIN DELETE FROM \"Child Rows\" t WHERE t.parent_id IN (" + ids + ")";
        assertThat(plan(removal)).contains("Seq Scan on \"Child Rows\"");
        PlannerStatistics statistics = new PlannerStatistics(jdbc);

        // when: the statistics are checked (the server publishes the counts of changed rows within a second or so)
        List<String> analyzed = List.of();
        for (int attempt = 0; attempt < 50 && analyzed.isEmpty(); attempt++) {
            Thread.sleep(200);
            analyzed = statistics.analyzeStale(List.of("parent", "Child Rows", "no_such_table"));
        }

        // then: the grown table is analyzed, the small one is not, and the removal probes the index
        assertThat(analyzed).containsExactly("\"Child Rows\"");
        assertThat(jdbc.queryForObject("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'Child Rows'",
                Boolean.class)).isTrue();
        assertThat(plan(removal)).contains("Index Scan").doesNotContain("Seq Scan");
        // and a table analyzed since it last changed is left alone
        assertThat(statistics.analyzeStale(List.of("parent", "Child Rows"))).isEmpty();
    }

    @Test
    void checksAtMostEveryFewSecondsWhateverTheNumberOfWorkers() throws InterruptedException {
        AtomicLong clock = new AtomicLong(0);
        PlannerStatistics statistics = new PlannerStatistics(jdbc, clock::get);
        Thread.sleep(1500); // the counts of changed rows are published

        assertThat(statistics.keep(List.of("Child Rows"))).containsExactly("\"Child Rows\"");
        jdbc.execute("INSERT INTO \"Child Rows\" SELECT g, g FROM generate_series(60001, 200000) g");
        Thread.sleep(1500);
        clock.set(4_000_000_000L);
        assertThat(statistics.keep(List.of("Child Rows"))).as("4 s after the last check").isEmpty();
        clock.set(5_000_000_000L);
        assertThat(statistics.keep(List.of("Child Rows"))).as("5 s after the last check").containsExactly("\"Child Rows\"");
    }

    private String plan(String explain) {
        return String.join("\n", jdbc.queryForList(explain, String.class));
    }
}
