package io.drover.mapping;

import io.drover.DroverConfigException;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemConverter;
import io.drover.pipeline.ItemDataException;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.TargetItem;
import io.drover.quality.Step;
import io.drover.target.TableCatalog;
import io.drover.target.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in converter: builds an item's target rows from the migration's {@link Mapping}, so that a
 * migration needs no Java. Target columns the mapping does not fill are not sent, so their defaults and
 * triggers apply.
 */
public final class MappingConverter implements ItemConverter {

    private final Migration migration;
    private final Mapping mapping;
    private final TableCatalog tables;

    public MappingConverter(Migration migration, TableCatalog tables) {
        this.migration = migration;
        this.mapping = migration.mapping();
        this.tables = tables;
    }

    @Override
    public TargetItem convert(SourceItem source) {
        TargetItem item = new TargetItem();
        for (Mapping.TableMapping table : mapping.tables()) {
            TableSchema schema = migration.isApiOnly() ? null : tables.schemaOf(table.table());
            if (table.childList() == null) {
                item.row(table.table(), row(table, schema, source.root(), source.root()));
            } else {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Map<String, Object> child : source.children(table.childList())) {
                    rows.add(row(table, schema, child, source.root()));
                }
                item.rows(table.table(), rows);
            }
        }
        return item;
    }

    private Map<String, Object> row(Mapping.TableMapping table, TableSchema schema, Map<String, Object> source,
                                    Map<String, Object> root) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (table.auto()) {
            for (Map.Entry<String, Object> cell : source.entrySet()) {
                if (cell.getKey().startsWith(Mapping.EXPRESSION_PREFIX)) {
                    continue;
                }
                if (schema == null) { // an API's body: every source column is a field of the same name
                    row.put(cell.getKey(), cell.getValue());
                    continue;
                }
                TableSchema.Column column = schema.column(cell.getKey());
                if (column != null) {
                    row.put(column.name(), cell.getValue());
                }
            }
        }
        table.columns().forEach((column, from) -> row.put(column, value(table, column, from, source, root)));
        table.excluded().forEach(row::remove);
        return row;
    }

    private static Object value(Mapping.TableMapping table, String column, Mapping.ValueSource from,
                                Map<String, Object> source, Map<String, Object> root) {
        if (from instanceof Mapping.Constant constant) {
            return constant.value();
        }
        if (from instanceof Mapping.Expression expression) {
            return source.get(expression.alias());
        }
        Mapping.SourceColumn sourceColumn = (Mapping.SourceColumn) from;
        Map<String, Object> row = sourceColumn.parent() ? root : source;
        Object value = cell(row, sourceColumn.column());
        for (Step.Cleanse transform : sourceColumn.transforms()) {
            value = transform.apply(value);
        }
        return value;
    }

    private static Object cell(Map<String, Object> row, String column) {
        if (row.containsKey(column)) {
            return row.get(column);
        }
        for (Map.Entry<String, Object> cell : row.entrySet()) {
            if (cell.getKey().equalsIgnoreCase(column)) {
                return cell.getValue();
            }
        }
        throw new ItemDataException(column, "is not a column of the source row the mapping reads", null);
    }

    /**
     * Checks the mapping against the target tables and the source queries' columns, before any item: a
     * column it names that does not exist is a configuration error. Returns what {@code auto} leaves
     * behind, one line each: source columns no target column takes, NOT NULL columns without a default
     * that nothing fills.
     *
     * @param sourceColumns the columns of the item query (key "") and of each child query, lower case
     */
    public List<String> validate(Map<String, List<String>> sourceColumns) {
        List<String> report = new ArrayList<>();
        String where = "migration '" + migration.name() + "', mapping: ";
        for (Mapping.TableMapping table : mapping.tables()) {
            // an API's body has no schema: only the source side of the mapping can be checked
            TableSchema schema = migration.isApiOnly() ? null : tables.schemaOf(table.table());
            String list = table.childList() == null ? "" : table.childList();
            String query = table.childList() == null ? "the item query" : "child query '" + table.childList() + "'";
            List<String> columns = sourceColumns.getOrDefault(list, List.of());
            Set<String> filled = new HashSet<>();
            Set<String> used = new HashSet<>();
            for (Map.Entry<String, Mapping.ValueSource> mapped : table.columns().entrySet()) {
                String target = table.table() + "." + mapped.getKey();
                if (schema != null && !schema.hasColumn(mapped.getKey())) {
                    throw new DroverConfigException(where + target + ": target table " + table.table() + " has no column "
                            + mapped.getKey());
                }
                filled.add(mapped.getKey());
                if (mapped.getValue() instanceof Mapping.SourceColumn from) {
                    List<String> readFrom = from.parent() ? sourceColumns.getOrDefault("", List.of()) : columns;
                    if (!readFrom.contains(from.column())) {
                        throw new DroverConfigException(where + target + " <- " + (from.parent() ? "parent." : "") + from.column()
                                + ": " + (from.parent() ? "the item query" : query) + " returns no column " + from.column()
                                + "; its columns: " + visible(readFrom));
                    }
                    if (!from.parent()) {
                        used.add(from.column());
                    }
                }
            }
            if (schema == null) {
                continue;
            }
            for (String excluded : table.excluded()) {
                if (!schema.hasColumn(excluded)) {
                    throw new DroverConfigException(where + table.table() + ".-" + excluded + ": target table " + table.table()
                            + " has no column " + excluded);
                }
            }
            if (table.auto()) {
                for (String column : visible(columns)) {
                    if (schema.hasColumn(column)) {
                        if (!table.excluded().contains(column)) {
                            filled.add(schema.column(column).name());
                        }
                    } else if (!used.contains(column)) {
                        report.add(where + table.table() + ": auto skips source column '" + column + "' of " + query
                                + ": target table " + table.table() + " has no column of that name");
                    }
                }
            }
            // without its key a row cannot be upserted: every item would fail on it
            for (String key : tables.keyOf(migration.name(), table.table(), migration.target(table.table()).keyColumns())) {
                if (!filled.contains(key)) {
                    throw new DroverConfigException(where + "nothing fills the key column " + table.table() + "." + key
                            + "; map it ('" + table.table() + "." + key + " <- …')");
                }
            }
            // a BEFORE INSERT trigger may fill them (a search vector, a stamp): the write says so if it does not
            List<String> unfilled = tables.writeFactsOf(table.table()).triggersMayFillColumns()
                    ? List.of() : schema.requiredColumnsMissingFrom(filled);
            for (String missing : unfilled) {
                report.add(where + table.table() + ": NOT NULL column " + table.table() + "." + missing
                        + " has no default and nothing fills it; map it ('" + table.table() + "." + missing
                        + " <- …') or every item will fail");
            }
        }
        return report;
    }

    /** The columns of a query as its user wrote them: without those Drover adds for SQL expressions. */
    private static List<String> visible(List<String> columns) {
        return columns.stream().filter(c -> !c.startsWith(Mapping.EXPRESSION_PREFIX)).toList();
    }
}
