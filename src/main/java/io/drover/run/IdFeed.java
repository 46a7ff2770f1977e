package io.drover.run;

import io.drover.log.MigrationLog;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemStatus;
import io.drover.pipeline.RetryPolicy;
import io.drover.pipeline.SourceLoader;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Streams item ids a page at a time with keyset paging (WHERE id > last ORDER BY id LIMIT n), so no
 * run ever holds all ids in memory.
 */
public final class IdFeed {

    private final SourceLoader source;
    private final MigrationLog log;
    private final int pageSize;
    private final RetryPolicy retry;

    public IdFeed(SourceLoader source, MigrationLog log, int pageSize, RetryPolicy retry) {
        this.source = source;
        this.log = log;
        this.pageSize = pageSize;
        this.retry = retry;
    }

    /** Every id a run selects: the given ids, every id, or those whose latest outcome has a status. */
    public void selected(Migration migration, ItemSelection selection, BooleanSupplier stopped, Consumer<Object> each) {
        if (selection.all()) {
            allIds(migration, stopped, each);
        } else if (selection.retryStatus() != null) {
            idsWithStatus(migration, selection.retryStatus(), stopped, each);
        } else {
            for (Object id : selection.ids()) {
                if (stopped.getAsBoolean()) {
                    return;
                }
                each.accept(id);
            }
        }
    }

    /** Every id of the migration's id query, in id order. */
    public void allIds(Migration migration, BooleanSupplier stopped, Consumer<Object> each) {
        String id = migration.idColumn(); // checked, and left unquoted: quoting differs between source databases
        // DISTINCT: an id query over a join may repeat an id, which must still be one item
        // NULL is no id: it would sort first or last depending on the database and break the paging
        String ids = "SELECT DISTINCT " + id + " FROM " + migration.idsTable() + " WHERE " + id + " IS NOT NULL";
        String first = ids + " ORDER BY " + id + " LIMIT " + pageSize;
        String next = ids + " AND " + id + " > :#after ORDER BY " + id + " LIMIT " + pageSize;
        Object after = null;
        while (!stopped.getAsBoolean()) {
            Object last = after;
            List<Map<String, Object>> page = retry.call(() -> last == null
                    ? source.select(migration.name() + "-ids-first", first, Map.of())
                    : source.select(migration.name() + "-ids", next, Map.of("after", last)));
            for (Map<String, Object> row : page) {
                if (stopped.getAsBoolean()) {
                    return;
                }
                after = row.get(migration.idColumn());
                each.accept(after);
            }
            if (page.size() < pageSize) {
                return;
            }
        }
    }

    /** The ids whose latest outcome is the given status (e.g. FAILED for --retry-failed). */
    public void idsWithStatus(Migration migration, ItemStatus status, BooleanSupplier stopped, Consumer<Object> each) {
        String after = "";
        while (!stopped.getAsBoolean()) {
            String last = after;
            List<String> page = retry.call(() -> log.itemIdsWithStatus(migration.name(), status, last, pageSize));
            for (String id : page) {
                after = id;
                each.accept(id);
            }
            if (page.size() < pageSize) {
                return;
            }
        }
    }

    /** Which of these ids the migration's id query still returns (camel-sql expands the IN list). */
    public java.util.Set<String> existing(Migration migration, List<Object> ids) {
        java.util.Set<String> found = new java.util.HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        String id = migration.idColumn();
        String query = "SELECT " + id + " FROM " + migration.idsTable() + " WHERE "
                + id + " IN (:#in:ids)";
        for (Map<String, Object> row : retry.call(() -> source.select(migration.name() + "-ids-in", query, Map.of("ids", ids)))) {
            found.add(String.valueOf(row.get(migration.idColumn())));
        }
        return found;
    }

    /** How many items the migration's id query returns. */
    public long countAll(Migration migration) {
        String id = migration.idColumn();
        String query = "SELECT count(DISTINCT " + id + ") AS n FROM " + migration.idsTable();
        List<Map<String, Object>> rows = retry.call(() -> source.select(migration.name() + "-count", query, Map.of()));
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    /** How many items have this latest status. */
    public long countWithStatus(Migration migration, ItemStatus status) {
        return retry.call(() -> log.countWithStatus(migration.name(), status));
    }
}
