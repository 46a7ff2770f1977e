package io.drover.verify;

import io.drover.migration.Migration;
import io.drover.migration.TargetTable;
import io.drover.run.IdFeed;
import io.drover.target.Identifiers;
import io.drover.target.TableCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds items that are in the target but no longer in the source: pages through the keys of the
 * migration's first (root) target table and asks the source which of them its id query still returns.
 * The root table's key is the item id; a page at a time keeps memory flat.
 */
public final class ExtraItems {

    private final JdbcTemplate target;
    private final TableCatalog tables;
    private final IdFeed ids;
    private final int pageSize;

    public ExtraItems(JdbcTemplate target, TableCatalog tables, IdFeed ids, int pageSize) {
        this.target = target;
        this.tables = tables;
        this.ids = ids;
        this.pageSize = pageSize;
    }

    public void find(Migration migration, Consumer<String> extra) {
        TargetTable root = migration.targets().get(0);
        List<String> key = tables.keyOf(migration.name(), root.table(), root.keyColumns());
        if (key.size() != 1) {
            return; // a composite key is not an item id: extra items cannot be told apart
        }
        String column = Identifiers.quote(key.get(0));
        String table = Identifiers.quote(root.table());
        Object after = null;
        while (true) {
            List<Object> page = after == null
                    ? target.queryForList("SELECT " + column + " FROM " + table + " ORDER BY " + column + " LIMIT " + pageSize, Object.class)
                    : target.queryForList("SELECT " + column + " FROM " + table + " WHERE " + column + " > ? ORDER BY " + column
                            + " LIMIT " + pageSize, Object.class, after);
            if (page.isEmpty()) {
                return;
            }
            Set<String> inSource = ids.existing(migration, new ArrayList<>(page));
            for (Object id : page) {
                if (!inSource.contains(String.valueOf(id))) {
                    extra.accept(String.valueOf(id));
                }
            }
            if (page.size() < pageSize) {
                return;
            }
            after = page.get(page.size() - 1);
        }
    }
}
