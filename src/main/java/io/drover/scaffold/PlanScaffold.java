package io.drover.scaffold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.DroverConfigException;
import io.drover.target.TableSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a plan's routes file from a source and a target schema: one migration per target table that has
 * a source table of the same name, keyed by the target's primary key and mapped column for column
 * ({@code <table>: auto}). Link tables (composite keys holding a foreign key to a migrated table) and the
 * second table of a NOT NULL foreign-key cycle become child lists of their parent, so no two migrations
 * depend on each other. What it leaves out, what nothing fills and what it will coerce is written beside,
 * as comments, for the user to review.
 */
public final class PlanScaffold {

    /** The id column of a migration whose items are rows of a composite key: the key's columns joined by '|'. */
    static final String COMPOSITE_ID = "drover_id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String plan;
    private final DatabaseSchema source;
    private final DatabaseSchema target;
    /** Target tables with a source table of the same name, by name. */
    private final List<String> matched = new ArrayList<>();
    /** Each matched table that is a child list: its parent's foreign key. */
    private final Map<String, ForeignKey> childOf = new LinkedHashMap<>();
    /** Why a table is a child list, or why a migration looks as it does, by the table it is written under. */
    private final Map<String, List<String>> notes = new TreeMap<>();

    private PlanScaffold(String plan, DatabaseSchema source, DatabaseSchema target) {
        this.plan = plan;
        this.source = source;
        this.target = target;
    }

    /** The routes file of plan {@code plan} (lower case letters, digits, '-' or '_'). */
    public static String generate(String plan, DatabaseSchema source, DatabaseSchema target) {
        return new PlanScaffold(checkPlanName(plan), source, target).write();
    }

    /** The plan's name, refused unless it can name a plan and its file. */
    public static String checkPlanName(String plan) {
        if (plan == null || !plan.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new DroverConfigException("plan name '" + plan + "' must be lower case letters, digits, '-' or '_'");
        }
        return plan;
    }

    private String write() {
        target.tables().keySet().stream().filter(source::has).sorted().forEach(matched::add);
        if (matched.isEmpty()) {
            throw new DroverConfigException("no target table has a source table of the same name (the source has "
                    + source.tables().size() + " tables, the target " + target.tables().size() + "): nothing to scaffold;"
                    + " check drover.source.url and drover.target.url, and the schema each connection starts in");
        }
        proposeAggregatesForCycles();
        proposeChildListsForLinkTables();

        StringBuilder out = new StringBuilder();
        out.append("# Plan '").append(plan).append("', written by `drover scaffold ").append(plan)
                .append("` from the source and target schemas.\n")
                .append("# One migration per target table that has a source table of the same name, mapped column for column;\n")
                .append("# review the comments, edit what they ask for, and run it with `drover migrate --plan=").append(plan).append("`.\n");
        List<String> leftOut = source.tables().keySet().stream().filter(t -> !target.has(t)).sorted().toList();
        List<String> unfed = target.tables().keySet().stream().filter(t -> !source.has(t)).sorted().toList();
        if (!leftOut.isEmpty() || !unfed.isEmpty()) {
            out.append("#\n");
        }
        for (String table : leftOut) {
            out.append("# source table ").append(source.databaseName(table))
                    .append(": left out, the target has no table of that name\n");
        }
        for (String table : unfed) {
            out.append("# target table ").append(table).append(": not migrated, the source has no table of that name\n");
        }
        boolean active = false;
        for (String table : matched) {
            if (!childOf.containsKey(table)) {
                out.append('\n');
                active |= migration(table, out);
            }
        }
        if (!active) {
            // Camel refuses a routes file that holds no YAML at all: an empty list loads
            out.append("\n# No migration is active yet; remove the line below when you uncomment one.\n[]\n");
        }
        return out.toString();
    }

    /**
     * Two tables whose NOT NULL, non-deferrable foreign keys point at each other cannot be written one
     * before the other: they become one aggregate, the table the other depends on more as its root.
     */
    private void proposeAggregatesForCycles() {
        for (int i = 0; i < matched.size(); i++) {
            for (int j = i + 1; j < matched.size(); j++) {
                String a = matched.get(i);
                String b = matched.get(j);
                List<ForeignKey> aToB = binding(a, b);
                List<ForeignKey> bToA = binding(b, a);
                if (aToB.isEmpty() || bToA.isEmpty() || childOf.containsKey(a) || childOf.containsKey(b)) {
                    continue;
                }
                ForeignKey bUnderA = ownerKey(b, a);
                ForeignKey aUnderB = ownerKey(a, b);
                String cycle = a + " and " + b + " point at each other through NOT NULL foreign keys that cannot be deferred ("
                        + join(aToB) + "; " + join(bToA) + ")";
                if (bUnderA == null && aUnderB == null) {
                    note(a, cycle + ": neither can be a child list of the other (no single-column key to the other's primary key);"
                            + " make one of the constraints DEFERRABLE, or write them as one aggregate yourself");
                    continue;
                }
                // the root is the table the other depends on more: many rows of the child per row of the root
                int aDependsOnB = manyToOne(aToB);
                int bDependsOnA = manyToOne(bToA);
                boolean aIsRoot = aUnderB == null || (bUnderA != null && bDependsOnA >= aDependsOnB);
                String root = aIsRoot ? a : b;
                String child = aIsRoot ? b : a;
                ForeignKey owner = aIsRoot ? bUnderA : aUnderB;
                childOf.put(child, owner);
                int childOnRoot = manyToOne(aIsRoot ? bToA : aToB);
                int rootOnChild = manyToOne(aIsRoot ? aToB : bToA);
                String why = (aIsRoot ? aUnderB : bUnderA) == null
                        ? "only " + child + " has a one-column key to " + root + "'s primary key, which a child list is loaded by"
                        : childOnRoot > 0 && rootOnChild == 0
                                ? "many " + child + " rows share one " + root + " (" + owner + " is not unique) while each "
                                        + child + " row is referenced by at most one " + root
                                : childOnRoot > rootOnChild
                                        ? "more of " + child + "'s foreign keys to " + root + " are many-to-one than the other way"
                                        : "both depend on each other alike; " + root + " comes first by name";
                note(root, cycle + ". One aggregate, so the plan has no cycle between migrations: " + root + " is the root and "
                        + child + " its child list by " + owner.columns().get(0) + ", because " + why + ".");
            }
        }
    }

    /** Composite-key tables holding a foreign key to a migrated root become that root's child list. */
    private void proposeChildListsForLinkTables() {
        for (String table : matched) {
            TableSchema schema = target.table(table);
            if (childOf.containsKey(table) || schema.primaryKey().size() < 2) {
                continue;
            }
            List<String> order = schema.columns().stream().map(TableSchema.Column::name).toList();
            List<ForeignKey> candidates = target.foreignKeysOf(table).stream()
                    .filter(fk -> fk.singleColumn() && schema.primaryKey().contains(fk.columns().get(0)))
                    .sorted(Comparator.comparingInt(fk -> order.indexOf(fk.columns().get(0))))
                    .toList();
            ForeignKey chosen = candidates.stream()
                    .filter(fk -> !fk.referencedTable().equals(table) && ownerKey(table, fk.referencedTable()) == fk)
                    .findFirst().orElse(null);
            if (chosen == null) {
                continue;
            }
            childOf.put(table, chosen);
            String others = candidates.stream().filter(fk -> fk != chosen && matched.contains(fk.referencedTable()))
                    .map(fk -> fk.referencedTable() + " (" + fk.columns().get(0) + ")").reduce((x, y) -> x + ", " + y).orElse("");
            note(chosen.referencedTable(), table + " (primary key " + String.join(", ", schema.primaryKey())
                    + ") is a link table: child list of " + chosen.referencedTable() + " by its first foreign key in column order, "
                    + chosen + (others.isEmpty() ? "" : "; it could belong to " + others + " instead") + ".");
        }
    }

    /** The NOT NULL, non-deferrable foreign keys of {@code from} that reference {@code to}. */
    private List<ForeignKey> binding(String from, String to) {
        TableSchema schema = target.table(from);
        return target.foreignKeysOf(from).stream()
                .filter(fk -> fk.referencedTable().equals(to) && !fk.deferrable()
                        && fk.columns().stream().allMatch(c -> schema.column(c) != null && schema.column(c).notNull()))
                .toList();
    }

    /** How many of these keys let many rows share one referenced row (their columns are not unique). */
    private int manyToOne(List<ForeignKey> keys) {
        return (int) keys.stream().filter(fk -> !target.table(fk.table()).isUnique(fk.columns())).count();
    }

    /**
     * The foreign key by which rows of {@code child} can be loaded as a list of an item of {@code parent}:
     * one column, referencing the parent's one-column primary key, present in the source child table,
     * with the parent a migration of its own (not a child list). Null when there is none.
     */
    private ForeignKey ownerKey(String child, String parent) {
        if (!matched.contains(parent) || childOf.containsKey(parent)) {
            return null;
        }
        List<String> parentKey = target.table(parent).primaryKey();
        if (parentKey.size() != 1 || !source.table(parent).hasColumn(parentKey.get(0))) {
            return null;
        }
        return target.foreignKeysOf(child).stream()
                .filter(fk -> fk.referencedTable().equals(parent) && fk.singleColumn()
                        && fk.referencedColumns().equals(parentKey) && source.table(child).hasColumn(fk.columns().get(0)))
                .findFirst().orElse(null);
    }

    /** Writes the migration of {@code root} and its child lists; false when it is written commented out. */
    private boolean migration(String root, StringBuilder out) {
        TableSchema schema = target.table(root);
        List<String> key = schema.primaryKey();
        List<String> children = childOf.entrySet().stream().filter(e -> e.getValue().referencedTable().equals(root))
                .map(Map.Entry::getKey).toList();
        List<String> comments = new ArrayList<>(notes.getOrDefault(root, List.of()));
        describeColumns(root, comments);
        children.forEach(child -> describeColumns(child, comments));

        String problem = null;
        String idQuery;
        String itemQuery;
        String idColumn;
        String idType;
        String sourceTable = source.databaseName(root);
        if (key.isEmpty()) {
            problem = "target table " + root + " has no primary key, which items are identified by and upserted on;"
                    + " add one (ALTER TABLE " + root + " ADD PRIMARY KEY (…)), or declare a unique key in 'targets' and use its column as the id";
            idColumn = "id";
            idQuery = "SELECT id FROM " + sourceTable;
            itemQuery = "SELECT * FROM " + sourceTable + " WHERE id = :#id";
            idType = "number";
        } else if (key.size() == 1) {
            idColumn = key.get(0);
            idQuery = "SELECT " + idColumn + " FROM " + sourceTable;
            itemQuery = "SELECT * FROM " + sourceTable + " WHERE " + idColumn + " = :#id";
            idType = ColumnTypes.integer(schema.column(idColumn).type()) ? "number" : "text";
        } else {
            // Drover's items have one id: the key's columns joined by '|' make one, as text
            String joined = "CONCAT(" + String.join(", '|', ", key) + ")";
            idColumn = COMPOSITE_ID;
            idQuery = "SELECT " + joined + " AS " + COMPOSITE_ID + " FROM " + sourceTable;
            itemQuery = "SELECT * FROM (SELECT " + joined + " AS " + COMPOSITE_ID + ", t.* FROM " + sourceTable + " t) drover_item"
                    + " WHERE " + COMPOSITE_ID + " = :#id";
            idType = "text";
            comments.add(0, root + " has a composite primary key (" + String.join(", ", key) + ") and no foreign key to a"
                    + " migrated table whose child list it could be: each row is an item whose id is its key's columns joined by '|'"
                    + " (column " + COMPOSITE_ID + ", skipped when mapped). A key value holding '|' could make two keys one id.");
        }
        List<String> missingKey = key.stream().filter(c -> !source.table(root).hasColumn(c)).toList();
        if (problem == null && !missingKey.isEmpty()) {
            problem = "the source table " + sourceTable + " has no column " + String.join(", ", missingKey)
                    + " of the target's primary key; write the id and item queries by hand";
        }
        if (problem == null && !root.matches("[a-z0-9][a-z0-9_-]*")) {
            problem = "'" + root + "' cannot be a migration name (lower case letters, digits, '-' or '_'); choose one";
        }

        for (String comment : comments) {
            out.append(wrap(comment));
        }
        StringBuilder route = new StringBuilder();
        route.append("- templatedRoute:\n")
                .append("    routeTemplateRef: drover-migrate-item\n")
                .append("    routeId: migrate-").append(root).append('\n')
                .append("    parameters:\n");
        parameter(route, "migration", root);
        parameter(route, "plan", plan);
        parameter(route, "idQuery", idQuery);
        parameter(route, "idColumn", idColumn);
        parameter(route, "idType", idType);
        parameter(route, "itemQuery", itemQuery);
        if (!children.isEmpty()) {
            StringBuilder childQueries = new StringBuilder();
            for (String child : children) {
                ForeignKey owner = childOf.get(child);
                childQueries.append(child).append(": SELECT * FROM ").append(source.databaseName(child)).append(" WHERE ")
                        .append(owner.columns().get(0)).append(" = :#id\n");
            }
            block(route, "childQueries", childQueries.toString());
        }
        StringBuilder targets = new StringBuilder(root);
        if (!key.isEmpty()) {
            targets.append(" key ").append(String.join(",", key));
        }
        targets.append('\n');
        StringBuilder mapping = new StringBuilder(root).append(": auto\n");
        for (String child : children) {
            targets.append(child);
            List<String> childKey = target.table(child).primaryKey();
            if (!childKey.isEmpty()) {
                targets.append(" key ").append(String.join(",", childKey));
            }
            targets.append(" owner ").append(childOf.get(child).columns().get(0)).append('\n');
            mapping.append(child).append(" from ").append(child).append(": auto\n");
        }
        block(route, "targets", targets.toString());
        block(route, "mapping", mapping.toString());

        if (problem == null) {
            out.append(route);
            return true;
        }
        out.append(wrap("Left commented out: " + problem + "."));
        route.toString().lines().forEach(line -> out.append("# ").append(line).append('\n'));
        return false;
    }

    /** What the comments say of one table's columns: left out, unfilled, coerced. */
    private void describeColumns(String table, List<String> comments) {
        TableSchema from = source.table(table);
        TableSchema to = target.table(table);
        for (TableSchema.Column column : from.columns()) {
            if (!to.hasColumn(column.name())) {
                comments.add(table + "." + column.name() + " (" + column.type() + "): left out, the target table has no column of that name");
            }
        }
        for (TableSchema.Column column : to.columns()) {
            if (column.required() && !from.hasColumn(column.name())) {
                comments.add(table + "." + column.name() + " (" + ColumnTypes.display(column.type()) + "): NOT NULL without a default,"
                        + " and no source column of that name fills it; unless a trigger does, map it (" + table + "." + column.name()
                        + " <- …) or every item fails");
            }
        }
        for (TableSchema.Column column : to.columns()) {
            TableSchema.Column sourceColumn = from.column(column.name());
            if (sourceColumn == null) {
                continue;
            }
            if (ColumnTypes.coerced(sourceColumn.type(), column.type())) {
                comments.add(table + "." + column.name() + ": coerced from " + sourceColumn.type() + " to "
                        + ColumnTypes.display(column.type()));
            }
            long overflow = ColumnTypes.unsignedOverflow(sourceColumn.type(), column.type());
            if (overflow >= 0) {
                comments.add(table + "." + column.name() + ": " + sourceColumn.type() + " into " + column.type()
                        + ", which holds no value above " + overflow + "; items with larger values fail");
            }
        }
    }

    private void note(String table, String text) {
        notes.computeIfAbsent(table, t -> new ArrayList<>()).add(text);
    }

    private static String join(List<ForeignKey> keys) {
        return keys.stream().map(ForeignKey::toString).reduce((x, y) -> x + ", " + y).orElse("");
    }

    private static void parameter(StringBuilder route, String name, String value) {
        try {
            // names stay plain; anything else (queries) is quoted, as JSON strings are valid YAML
            boolean plain = value.matches("[A-Za-z_][A-Za-z0-9_-]*")
                    && !value.matches("(?i)null|true|false|yes|no|on|off|y|n"); // words YAML would not read as text
            String scalar = plain ? value : JSON.writeValueAsString(value);
            route.append("      - name: ").append(name).append('\n')
                    .append("        value: ").append(scalar).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void block(StringBuilder route, String name, String lines) {
        route.append("      - name: ").append(name).append('\n').append("        value: |\n");
        lines.lines().forEach(line -> route.append("          ").append(line).append('\n'));
    }

    /** A comment, wrapped at about 110 characters. */
    private static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() > 2 && line.length() + word.length() > 110) {
                out.append(line).append('\n');
                line = new StringBuilder("#  ");
            }
            line.append(' ').append(word);
        }
        return out.append(line).append('\n').toString();
    }
}
