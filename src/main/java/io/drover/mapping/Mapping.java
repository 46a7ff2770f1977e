package io.drover.mapping;

import io.drover.DroverConfigException;
import io.drover.quality.Step;
import io.drover.target.Identifiers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A migration's {@code mapping} parameter: which target tables the item's rows go to and where each
 * target column's value comes from. One declaration per line, {@code #} starts a comment:
 * <pre>
 * film: auto                       the root row → film, every source column to the column of its name
 * film_actor from actors: auto     each row of child list 'actors' → one row of film_actor
 * language: none                   only the columns mapped below
 * film.title &lt;- title | trim, upper
 * film.rating &lt;- 'G'
 * film.length_min &lt;- sql: length * 60
 * film.-last_update
 * </pre>
 */
public record Mapping(List<TableMapping> tables) {

    /** The prefix of the columns Drover adds to an item or child query for the SQL expressions of a mapping. */
    public static final String EXPRESSION_PREFIX = "drover_expr_";

    private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
    private static final Pattern TABLE = Pattern.compile("^(" + NAME + "(?:\\." + NAME + ")?)(?:\\s+from\\s+(" + NAME + "))?\\s*:\\s*(auto|none)$");
    private static final Pattern COLUMN = Pattern.compile("^(" + NAME + "(?:\\." + NAME + ")?)\\.(" + NAME + ")\\s*<-\\s*(.+)$");
    private static final Pattern EXCLUDED = Pattern.compile("^(" + NAME + "(?:\\." + NAME + ")?)\\.-(" + NAME + ")$");
    private static final Pattern SOURCE_COLUMN = Pattern.compile("^(parent\\.)?(" + NAME + ")\\s*(?:\\|\\s*(.+))?$");
    private static final Pattern NUMBER = Pattern.compile("^-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?$");

    /** One target table: fed by the root row (childList null) or by each row of a child list. */
    public record TableMapping(String table, String childList, boolean auto, Map<String, ValueSource> columns,
                               Set<String> excluded) {
    }

    /** Where a target column's value comes from. */
    public sealed interface ValueSource {
    }

    /** A source column of the row (or of the root row, {@code parent.<column>}), through named transforms. */
    public record SourceColumn(String column, boolean parent, List<String> transformNames, List<Step.Cleanse> transforms)
            implements ValueSource {
    }

    /** A constant: text, a number, true/false or null. */
    public record Constant(Object value) implements ValueSource {
    }

    /** A SQL expression evaluated by the source in the item (or child) query, read back under {@code alias}. */
    public record Expression(String sql, String alias) implements ValueSource {
    }

    /** The mapping used when a migration declares neither a converter nor a mapping. */
    public static String defaultDeclaration(String firstTarget) {
        return firstTarget + ": auto";
    }

    public static Mapping parse(String migration, String declaration) {
        Map<String, TableMapping> tables = new LinkedHashMap<>();
        Map<String, Integer> expressionsPerList = new LinkedHashMap<>();
        String where = "migration '" + migration + "', mapping: ";
        for (String raw : declaration.split("\\n")) {
            String line = withoutComment(raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            Matcher table = TABLE.matcher(line);
            Matcher column = COLUMN.matcher(line);
            Matcher excluded = EXCLUDED.matcher(line);
            if (table.matches()) {
                String name = lower(table.group(1));
                TableMapping before = tables.get(name);
                if (before != null && (!before.columns().isEmpty() || !before.excluded().isEmpty())) {
                    throw new DroverConfigException(where + "declare '" + line + "' before the columns of " + name);
                }
                if (before != null) {
                    throw new DroverConfigException(where + "table " + name + " is declared twice");
                }
                tables.put(name, new TableMapping(name, table.group(2),
                        table.group(3).equals("auto"), new LinkedHashMap<>(), new LinkedHashSet<>()));
            } else if (excluded.matches()) {
                tableOf(tables, excluded.group(1)).excluded().add(lower(excluded.group(2)));
            } else if (column.matches()) {
                TableMapping target = tableOf(tables, column.group(1));
                String targetColumn = lower(column.group(2));
                String list = target.childList() == null ? "" : target.childList();
                ValueSource source = source(where + target.table() + "." + targetColumn + ": ", migration, targetColumn,
                        column.group(3).trim(), () -> {
                            int n = expressionsPerList.merge(list, 1, Integer::sum);
                            return EXPRESSION_PREFIX + n;
                        });
                if (target.columns().put(targetColumn, source) != null) {
                    throw new DroverConfigException(where + "column " + target.table() + "." + targetColumn + " is mapped twice");
                }
            } else {
                throw new DroverConfigException(where + "cannot read '" + line + "'; expected '<table> [from <child list>]: auto|none',"
                        + " '<table>.<column> <- <source column> [| transform, …]', '<table>.<column> <- sql: <expression>',"
                        + " '<table>.<column> <- <'text'|number|true|false|null>' or '<table>.-<column>'");
            }
        }
        if (tables.isEmpty()) {
            throw new DroverConfigException(where + "declares no table");
        }
        return new Mapping(List.copyOf(tables.values()));
    }

    /** The SQL expressions to add to the query of a child list (null: the item query), by their alias, in order. */
    public Map<String, String> expressions(String childList) {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (TableMapping table : tables) {
            if (java.util.Objects.equals(table.childList(), childList)) {
                table.columns().values().forEach(source -> {
                    if (source instanceof Expression e) {
                        expressions.put(e.alias(), e.sql());
                    }
                });
            }
        }
        return expressions;
    }

    public TableMapping table(String table) {
        return tables.stream().filter(t -> t.table().equalsIgnoreCase(table)).findFirst().orElse(null);
    }

    /** A table first named by a column line is fed by the root row, with only its explicit columns. */
    private static TableMapping tableOf(Map<String, TableMapping> tables, String name) {
        return tables.computeIfAbsent(lower(name), n -> new TableMapping(n, null, false, new LinkedHashMap<>(), new LinkedHashSet<>()));
    }

    private static ValueSource source(String where, String migration, String targetColumn, String text,
                                      java.util.function.Supplier<String> alias) {
        if (text.startsWith("sql:")) {
            String sql = text.substring(4).trim();
            if (sql.isEmpty()) {
                throw new DroverConfigException(where + "'sql:' needs an expression");
            }
            return new Expression(sql, alias.get());
        }
        if (text.startsWith("'")) {
            if (text.length() < 2 || !text.endsWith("'") || text.substring(1, text.length() - 1).replace("''", "").contains("'")) {
                throw new DroverConfigException(where + "cannot read the text constant " + text + "; write it 'like this', a quote as ''");
            }
            return new Constant(text.substring(1, text.length() - 1).replace("''", "'"));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            return new Constant(Boolean.valueOf(lower));
        }
        if (lower.equals("null")) {
            return new Constant(null);
        }
        if (NUMBER.matcher(text).matches()) {
            BigDecimal number = new BigDecimal(text);
            try {
                return new Constant(number.scale() <= 0 ? (Object) number.longValueExact() : number);
            } catch (ArithmeticException tooBig) {
                return new Constant(number);
            }
        }
        Matcher column = SOURCE_COLUMN.matcher(text);
        if (!column.matches()) {
            throw new DroverConfigException(where + "cannot read the source '" + text + "'; expected a source column"
                    + " (optionally 'parent.<column>' and '| transform, …'), 'sql: <expression>' or a constant");
        }
        List<String> names = new ArrayList<>();
        List<Step.Cleanse> transforms = new ArrayList<>();
        if (column.group(3) != null) {
            for (String name : column.group(3).split(",")) {
                String step = name.trim();
                if (step.isEmpty()) {
                    throw new DroverConfigException(where + "an empty transform in '" + text + "'");
                }
                Step parsed = Step.parse(migration, targetColumn, step);
                if (!(parsed instanceof Step.Cleanse cleanse)) {
                    throw new DroverConfigException(where + "'" + step + "' is a rule, not a transform; declare rules in"
                            + " the migration's 'quality' parameter");
                }
                names.add(step);
                transforms.add(cleanse);
            }
        }
        return new SourceColumn(Identifiers.check(where + "source column", column.group(2)).toLowerCase(Locale.ROOT),
                column.group(1) != null, List.copyOf(names), List.copyOf(transforms));
    }

    /** The line up to a '#' that is not inside a quoted constant. */
    private static String withoutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
