package io.drover.quality;

import io.drover.DroverConfigException;
import io.drover.target.Identifiers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rule {@code reference [target] TABLE.COLUMN}: the value must exist in that column, in the source
 * database (a legacy parent or code table) or, with {@code target}, in the new schema. A NULL passes;
 * add {@code required} to refuse it. Values found are remembered (up to 10,000) so a code table is not
 * asked again for every item; values not found are always asked again.
 */
final class Reference {

    private static final int REMEMBERED = 10_000;

    private Reference() {
    }

    static Step.Rule parse(String where, String argument, Violation.Level level) {
        String[] words = argument.trim().split("\\s+");
        boolean inTarget = words.length == 2 && words[0].equals("target");
        String qualified = words[words.length - 1];
        int dot = qualified.lastIndexOf('.');
        if (words.length > 2 || words.length == 2 && !inTarget || dot <= 0) {
            throw new DroverConfigException(where + "'reference' takes [target] TABLE.COLUMN, e.g. 'reference countries.code'"
                    + " or 'reference target customer.id'; got '" + argument + "'");
        }
        String table = Identifiers.check(where + "referenced table", qualified.substring(0, dot));
        String column = Identifiers.check(where + "referenced column", qualified.substring(dot + 1));
        // the source may be MariaDB (no standard quotes by default): checked names go unquoted there
        String sql = "SELECT 1 FROM " + (inTarget ? Identifiers.quote(table) : table) + " WHERE "
                + (inTarget ? Identifiers.quote(column) : column) + " = ? LIMIT 1";
        Set<String> found = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        }));
        // names the table and column as the lookup does, and finds no row: fails only when one of them is missing
        String probe = "SELECT " + (inTarget ? Identifiers.quote(column) : column) + " FROM "
                + (inTarget ? Identifiers.quote(table) : table) + " WHERE 1 = 0";
        String database = inTarget ? "the target" : "the source";
        return new Step.Rule("reference " + argument.trim(), level, new Step.RuleTest() {
            @Override
            public String failure(Object value, io.drover.pipeline.SourceItem item, RuleEnvironment environment) {
                if (value == null || found.contains(value.toString())) {
                    return null;
                }
                Object bound = value instanceof io.drover.target.Bytes bytes ? bytes.bytes() : value;
                if (jdbcOf(environment).queryForList(sql, bound).isEmpty()) {
                    return "no " + qualified + " in " + database + " has this value";
                }
                found.add(value.toString());
                return null;
            }

            @Override
            public void validate(RuleEnvironment environment) {
                try {
                    jdbcOf(environment).queryForList(probe);
                } catch (org.springframework.dao.DataAccessException e) {
                    throw new DroverConfigException(database + " has no column " + qualified + " to look values up in ("
                            + io.drover.pipeline.ItemMigrationException.describe(e) + ")", e);
                }
            }

            private JdbcTemplate jdbcOf(RuleEnvironment environment) {
                return new JdbcTemplate(inTarget ? environment.target() : environment.source());
            }
        });
    }
}
