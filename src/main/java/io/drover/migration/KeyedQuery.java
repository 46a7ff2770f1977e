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

    /** The column a page query adds to each row: the id the row belongs to, whatever the query names its key. */
    public static final String PAGE_KEY = "drover_page_key";

    /** A leading {@code SELECT [ALL | DISTINCT]}, after any comments: where a page query adds its key column. */
    private static final Pattern LEADING_SELECT = Pattern.compile(
            "\\A(?:\\s+|--[^\\n]*\\n|/\\*.*?\\*/)*SELECT(?:\\s+(?:ALL|DISTINCT)(?![A-Za-z0-9_]))?\\s",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final Pattern BARE_STAR = Pattern.compile("\\s*\\*");

    private static final Pattern DISTINCT_ON = Pattern.compile("\\s*ON[\\s(]", Pattern.CASE_INSENSITIVE);

    /** The query for a list of ids, bound as the camel-sql list parameter {@code ids}. */
    public String forIds() {
        return query.substring(0, start) + qualifiedKey + " IN (:#in:ids)" + query.substring(end);
    }

    /**
     * The query for a list of ids whose rows each carry the id they belong to as {@link #PAGE_KEY}: the key
     * expression is added to the select list, so a query that renames its key column
     * ({@code SELECT GenreId AS genre_id … WHERE GenreId = :#id}) or does not return it loads a page all the
     * same. Empty when the query does not start with a plain SELECT (a WITH, a parenthesis): such a query
     * must return its key column under its own name.
     */
    public Optional<String> forIdsWithKey() {
        Matcher select = LEADING_SELECT.matcher(query);
        if (!select.find() || DISTINCT_ON.matcher(query).region(select.end(), query.length()).lookingAt()) {
            return Optional.empty(); // DISTINCT ON (…) must stay first in the select list
        }
        String paged = forIds();
        String key = qualifiedKey + " AS " + PAGE_KEY;
        Matcher star = BARE_STAR.matcher(paged).region(select.end(), paged.length());
        if (star.lookingAt()) { // MySQL and MariaDB take a bare * only first in the list
            return Optional.of(paged.substring(0, star.end()) + ", " + key + paged.substring(star.end()));
        }
        return Optional.of(paged.substring(0, select.end()) + key + ", " + paged.substring(select.end()));
    }

    /** The query without its id condition: every row the query could return for any id. */
    public String unrestricted() {
        return query.substring(0, start) + "1 = 1" + query.substring(end);
    }
}
