package io.drover.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The legacy fixture (src/test/resources/fixtures/legacy) loaded into a fresh pair of databases: the
 * MariaDB source with its rows, the PostgreSQL target schema, empty, and beside it, in schema
 * {@code expected}, the rows a correct port leaves in each target table. {@link #firstDifference()}
 * compares every target table with its expected rows.
 */
public final class LegacyFixture implements AutoCloseable {

    private static final String FOLDER = "/fixtures/legacy/";

    private final TestDatabase source;
    private final TestDatabase target;

    private LegacyFixture(TestDatabase source, TestDatabase target) {
        this.source = source;
        this.target = target;
    }

    /** Creates both databases and loads the fixture; {@code purpose} goes into their names. */
    public static LegacyFixture load(String purpose) {
        TestDatabase source = TestDatabase.mariadb(purpose + "_src");
        TestDatabase target = null;
        try {
            target = TestDatabase.postgres(purpose + "_tgt");
            // one connection per script: the MariaDB script turns foreign key checks off for its session
            run(source.url() + "?allowMultiQueries=true", source, script("source-mariadb.sql"));
            run(target.url(), target, script("target-postgresql.sql"));
            run(target.url(), target, """
                    CREATE SCHEMA expected;
                    DO $$ DECLARE t record; BEGIN
                      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
                        EXECUTE format('CREATE TABLE expected.%I (LIKE public.%I)', t.tablename, t.tablename);
                      END LOOP;
                    END $$;
                    """ + script("expected-postgresql.sql"));
            return new LegacyFixture(source, target);
        } catch (RuntimeException e) {
            TestDatabase.closeAll(source, target);
            throw e;
        }
    }

    public TestDatabase source() {
        return source;
    }

    public TestDatabase target() {
        return target;
    }

    /** The target tables the fixture defines (those with expected rows, some of which expect none). */
    public List<String> tables() {
        return new JdbcTemplate(target.dataSource()).queryForList(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'expected' ORDER BY tablename", String.class);
    }

    /**
     * The first difference between a target table and its expected rows, tables by name, rows by primary
     * key, each row compared as PostgreSQL's text of the whole row (so '' and NULL, padding and bytes count);
     * empty when every table holds exactly its expected rows. Only a table's own rows count, not those of
     * tables inheriting from it.
     */
    public Optional<String> firstDifference() {
        JdbcTemplate jdbc = new JdbcTemplate(target.dataSource());
        for (String table : tables()) {
            List<String> key = jdbc.queryForList("""
                    SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                    WHERE i.indrelid = to_regclass('public.' || quote_ident(?)) AND i.indisprimary
                    ORDER BY array_position(i.indkey::int2[], a.attnum)""", String.class, table);
            String order = key.isEmpty() ? "t::text" : String.join(", ", key.stream().map(c -> "t." + quote(c)).toList());
            List<String> actual = jdbc.queryForList("SELECT t::text FROM ONLY public." + quote(table) + " t ORDER BY " + order, String.class);
            List<String> expected = jdbc.queryForList("SELECT t::text FROM expected." + quote(table) + " t ORDER BY " + order, String.class);
            for (int row = 0; row < Math.max(actual.size(), expected.size()); row++) {
                String want = row < expected.size() ? expected.get(row) : null;
                String got = row < actual.size() ? actual.get(row) : null;
                if (!java.util.Objects.equals(want, got)) {
                    return Optional.of("table " + table + ", row " + (row + 1) + " of " + expected.size() + " expected (by "
                            + (key.isEmpty() ? "content" : String.join(", ", key)) + "): expected "
                            + (want == null ? "no more rows" : shorten(want)) + " but the target has "
                            + (got == null ? "no more rows" : shorten(got)));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        TestDatabase.closeAll(source, target);
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String shorten(String row) {
        return row.length() <= 300 ? row : row.substring(0, 300) + "… (" + row.length() + " characters)";
    }

    private static String script(String name) {
        try (InputStream in = LegacyFixture.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture file " + FOLDER + name + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a whole script as one statement: pgjdbc, and MariaDB with allowMultiQueries, take several at once. */
    private static void run(String url, TestDatabase database, String sql) {
        try (Connection connection = DriverManager.getConnection(url, database.user(), database.password());
             Statement statement = connection.createStatement()) {
            // read every result: MariaDB reports an error in a later statement only when its result is read
            boolean result = statement.execute(sql);
            while (result || statement.getUpdateCount() != -1) {
                result = statement.getMoreResults();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the legacy fixture into " + database.name() + ": " + e.getMessage(), e);
        }
    }
}
