package io.drover.plan;

import io.drover.DroverConfigException;
import io.drover.migration.Migration;
import io.drover.migration.TargetTable;
import io.drover.target.TableCatalog;
import io.drover.target.TableCatalog.ForeignKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The order a plan's migrations run in, from the target's foreign keys: a migration whose tables reference
 * another migration's tables runs after it. A foreign key between tables of one migration (an aggregate
 * writes them in one transaction) and a table's reference to itself do not order anything. A cycle of
 * foreign keys across migrations with a NOT DEFERRABLE key in it stops the plan before any item; a cycle
 * of DEFERRABLE keys only is accepted and ordered by the other keys.
 */
public final class PlanOrder {

    /** A reference of one migration's table to another migration's table. */
    private record Edge(String parent, String child, ForeignKey key) {
    }

    private PlanOrder() {
    }

    /** Reads the foreign keys of the plan's target tables from the target and orders the plan's migrations. */
    public static List<Migration> of(Plan plan, TableCatalog tables) {
        Map<String, String> declared = new LinkedHashMap<>();
        Map<String, List<String>> tablesOf = new LinkedHashMap<>();
        List<ForeignKey> keys = new ArrayList<>();
        for (Migration migration : plan.migrations()) {
            List<String> own = new ArrayList<>();
            for (TargetTable target : migration.targets()) {
                String qualified = tables.qualifiedName(target.table());
                declared.putIfAbsent(qualified, target.table());
                own.add(qualified);
                keys.addAll(tables.foreignKeysOf(target.table()));
            }
            tablesOf.put(migration.name(), own);
        }
        Map<String, Migration> byName = new HashMap<>();
        plan.migrations().forEach(m -> byName.put(m.name(), m));
        return order(plan.name(), tablesOf, keys, declared).stream().map(byName::get).toList();
    }

    /**
     * @param tablesOf migration name → its target tables (qualified, lower case)
     * @param keys     the foreign keys of those tables
     * @param declared qualified table name → the name the migrations declare it by, for messages
     * @return the migration names, parents first; among migrations free to go, by name
     */
    static List<String> order(String plan, Map<String, List<String>> tablesOf, List<ForeignKey> keys, Map<String, String> declared) {
        Map<String, String> owner = new HashMap<>();
        tablesOf.forEach((migration, tables) -> tables.forEach(table -> owner.putIfAbsent(table, migration)));
        List<Edge> edges = new ArrayList<>();
        for (ForeignKey key : keys) {
            String child = owner.get(key.table());
            String parent = owner.get(key.referencedTable());
            if (child != null && parent != null && !child.equals(parent)) {
                edges.add(new Edge(parent, child, key));
            }
        }
        rejectCycles(plan, tablesOf.keySet(), edges, declared);
        return sort(tablesOf.keySet(), edges);
    }

    /**
     * Kahn's sort, by name among the migrations free to go; where only cycles of DEFERRABLE keys remain, the
     * first migration that waits on no NOT DEFERRABLE key goes.
     */
    private static List<String> sort(Set<String> migrations, List<Edge> edges) {
        Map<String, Integer> pending = new TreeMap<>();
        Map<String, Integer> pendingHard = new HashMap<>();
        migrations.forEach(m -> {
            pending.put(m, 0);
            pendingHard.put(m, 0);
        });
        for (Edge edge : edges) {
            pending.merge(edge.child(), 1, Integer::sum);
            if (!edge.key().deferrable()) {
                pendingHard.merge(edge.child(), 1, Integer::sum);
            }
        }
        List<String> order = new ArrayList<>();
        while (!pending.isEmpty()) {
            String next = pending.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).findFirst()
                    .orElseGet(() -> pending.keySet().stream().filter(m -> pendingHard.get(m) == 0).findFirst().orElseThrow());
            pending.remove(next);
            order.add(next);
            for (Edge edge : edges) {
                if (edge.parent().equals(next) && pending.containsKey(edge.child())) {
                    pending.merge(edge.child(), -1, Integer::sum);
                    if (!edge.key().deferrable()) {
                        pendingHard.merge(edge.child(), -1, Integer::sum);
                    }
                }
            }
        }
        return order;
    }

    /**
     * Refuses the first group of migrations that reach each other through foreign keys, one of them NOT
     * DEFERRABLE, as one line with the way out. A cycle of DEFERRABLE keys only is accepted.
     */
    private static void rejectCycles(String plan, Set<String> migrations, List<Edge> edges, Map<String, String> declared) {
        Map<String, Set<String>> reach = new HashMap<>();
        for (String migration : migrations) {
            reach.put(migration, reachable(migration, edges));
        }
        for (Edge hard : edges) {
            if (hard.key().deferrable() || !reach.get(hard.child()).contains(hard.parent())) {
                continue;
            }
            Set<String> cycle = new TreeSet<>();
            for (String other : reach.get(hard.parent())) {
                if (reach.get(other).contains(hard.parent())) {
                    cycle.add(other);
                }
            }
            Set<String> tables = new LinkedHashSet<>();
            List<String> references = new ArrayList<>();
            for (Edge edge : edges) {
                if (cycle.contains(edge.parent()) && cycle.contains(edge.child())) {
                    String child = name(edge.key().table(), declared);
                    String parent = name(edge.key().referencedTable(), declared);
                    tables.add(child);
                    tables.add(parent);
                    references.add(child + "(" + String.join(", ", edge.key().columns()) + ") -> " + parent
                            + (edge.key().deferrable() ? " DEFERRABLE" : ""));
                }
            }
            throw new DroverConfigException("plan '" + plan + "': tables " + String.join(" and ", tables)
                    + " reference each other through foreign keys (" + String.join(", ", references)
                    + ") but are loaded by different migrations (" + String.join(", ", cycle) + "), so none of them can"
                    + " go first; make them one aggregate migration (a parent with the others as child lists, written in"
                    + " one transaction), or make those foreign keys DEFERRABLE");
        }
    }

    private static Set<String> reachable(String from, List<Edge> edges) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            String current = todo.remove(todo.size() - 1);
            for (Edge edge : edges) {
                if (edge.parent().equals(current) && seen.add(edge.child())) {
                    todo.add(edge.child());
                }
            }
        }
        seen.add(from);
        return seen;
    }

    private static String name(String qualified, Map<String, String> declared) {
        return declared.getOrDefault(qualified, qualified);
    }
}
