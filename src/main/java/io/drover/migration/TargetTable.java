package io.drover.migration;

import io.drover.DroverConfigException;
import io.drover.target.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target table a migration writes: its key columns (empty means "the table's primary key") and, for
 * child tables of an aggregate, the owner column that holds the item id. The item owns every row whose
 * owner column equals its id, so rows that are no longer in the source item are removed.
 *
 * <p>Declared one per line: {@code customer_address key id owner customer_id}.
 */
public record TargetTable(String table, List<String> keyColumns, String ownerColumn) {

    private static final Pattern LINE = Pattern.compile(
            "^(\\S+)(?:\\s+key\\s+([^\\s]+(?:\\s*,\\s*[^\\s,]+)*))?(?:\\s+owner\\s+(\\S+))?$");

    public TargetTable {
        keyColumns = List.copyOf(keyColumns);
    }

    public boolean owned() {
        return ownerColumn != null;
    }

    public static List<TargetTable> parseAll(String migration, String declaration) {
        List<TargetTable> tables = new ArrayList<>();
        if (declaration != null) {
            for (String line : declaration.split("[\\n;]")) {
                if (!line.isBlank()) {
                    tables.add(parse(migration, line.trim()));
                }
            }
        }
        if (tables.isEmpty()) {
            throw new DroverConfigException("migration '" + migration + "': parameter 'targets' declares no table;"
                    + " write one line per table, e.g. 'customer key id' and 'customer_address key id owner customer_id'");
        }
        return tables;
    }

    static TargetTable parse(String migration, String line) {
        Matcher m = LINE.matcher(line.replaceAll("\\s+", " "));
        if (!m.matches()) {
            throw new DroverConfigException("migration '" + migration + "': cannot read target '" + line
                    + "'; expected '<table> [key <column>[,<column>…]] [owner <column>]'");
        }
        String where = "migration '" + migration + "': target ";
        // unquoted names are folded to lower case, as PostgreSQL does: "Customer" is table customer
        String table = Identifiers.check(where + "table", m.group(1)).toLowerCase(java.util.Locale.ROOT);
        List<String> keys = new ArrayList<>();
        if (m.group(2) != null) {
            for (String key : m.group(2).split("\\s*,\\s*")) {
                keys.add(Identifiers.check(where + "key column of " + table, key).toLowerCase(java.util.Locale.ROOT));
            }
        }
        String owner = m.group(3) == null ? null
                : Identifiers.check(where + "owner column of " + table, m.group(3)).toLowerCase(java.util.Locale.ROOT);
        return new TargetTable(table, keys, owner);
    }
}
