package io.drover.audit;

import io.drover.migration.KeyedQuery;
import io.drover.migration.Migration;
import io.drover.pipeline.SourceLoader;
import io.drover.target.JdbcValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts, for each child query, the child rows that no item loads: rows whose parent key (the column of
 * the query's '<column> = :#id') is not an id of the id query. One NOT EXISTS statement on the source
 * per child list, over the whole source; plus a few of the missing parent keys.
 */
final class OrphanRows {

    static final int EXAMPLES = 10;

    private final SourceLoader source;

    OrphanRows(SourceLoader source) {
        this.source = source;
    }

    List<AuditReport.Orphans> check(Migration migration) {
        List<AuditReport.Orphans> results = new ArrayList<>();
        migration.childQueries().forEach((child, query) -> results.add(check(migration, child, query)));
        return results;
    }

    private AuditReport.Orphans check(Migration migration, String child, String query) {
        Optional<KeyedQuery> keyed = KeyedQuery.of(query);
        if (keyed.isEmpty()) {
            return new AuditReport.Orphans(child, null, false, 0, 0, List.of(),
                    "not checked: the child query has no '<column> = :#id' condition to find its parent key by");
        }
        String key = keyed.get().keyColumn();
        // the key column is an identifier read by KeyedQuery's pattern, so it is safe in the SQL
        String orphans = " FROM (" + trimmed(keyed.get().unrestricted()) + ") drover_children WHERE NOT EXISTS (SELECT 1 FROM "
                + migration.idsTable() + " WHERE drover_ids." + migration.idColumn() + " = drover_children." + key + ")";
        Map<String, Object> counts = JdbcValues.row(source.select(migration.name() + "-orphans-" + child,
                "SELECT count(*) AS orphan_rows, count(drover_children." + key + ") AS keyed_rows, count(DISTINCT drover_children." + key
                        + ") AS orphan_parents" + orphans, Map.of()).get(0));
        List<String> examples = new ArrayList<>();
        for (Map<String, Object> row : source.select(migration.name() + "-orphan-keys-" + child, "SELECT DISTINCT drover_children." + key
                + " AS parent_key" + orphans + " AND drover_children." + key + " IS NOT NULL ORDER BY 1 LIMIT " + EXAMPLES, Map.of())) {
            examples.add(io.drover.migration.IdType.key(JdbcValues.row(row).get("parent_key")));
        }
        long rows = ((Number) counts.get("orphan_rows")).longValue();
        long parents = ((Number) counts.get("orphan_parents")).longValue();
        long withoutKey = rows - ((Number) counts.get("keyed_rows")).longValue();
        return new AuditReport.Orphans(child, key, true, rows, parents, examples,
                withoutKey > 0 ? withoutKey + " of them have no parent key (NULL)" : null);
    }

    private static String trimmed(String query) {
        return query.trim().replaceAll(";\\s*$", "");
    }
}
