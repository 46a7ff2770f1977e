package io.drover.migration;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An item or child query read as "rows whose key column equals the item id": the one condition
 * {@code <column> = :#id} it holds. Knowing that column lets Drover load a whole page of items with
 * one query ({@code <column> IN (…)}, grouping the rows back by the column) and read the table
 * without the condition (audits, orphan checks) — the query itself stays the user's, unparsed.
 */
public record KeyedQuery(String query, String keyColumn, String qualifiedKey, int start, int end) {

    private static final Pattern CONDITION = Pattern.compile("((?:[A-Za-z_][A-Za-z0-9_]*\\.)?([A-Za-z_][A-Za-z0-9_]*))\\s*=\\s*:#id\\b");

    /** The query's key column, when it holds exactly one {@code <column> = :#id} and no other use of :#id. */
    public static Optional<KeyedQuery> of(String query) {
        Matcher matcher = CONDITION.matcher(query);
        if (!matcher.find()) {
            return Optional.empty();
        }
        KeyedQuery keyed = new KeyedQuery(query, matcher.group(2).toLowerCase(Locale.ROOT), matcher.group(1),
                matcher.start(), matcher.end());
        String rest = query.substring(0, matcher.start()) + query.substring(matcher.end());
        return rest.contains(":#") ? Optional.empty() : Optional.of(keyed);
    }

    /** The query for a list of ids, bound as the camel-sql list parameter {@code ids}. */
    public String forIds() {
        return query.substring(0, start) + qualifiedKey + " IN (:#in:ids)" + query.substring(end);
    }

    /** The query without its id condition: every row the query could return for any id. */
    public String unrestricted() {
        return query.substring(0, start) + "1 = 1" + query.substring(end);
    }
}
