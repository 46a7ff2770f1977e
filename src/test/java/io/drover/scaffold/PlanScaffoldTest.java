package io.drover.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverConfigException;
import io.drover.target.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scaffold's choices on schemas the legacy fixture does not have. */
class PlanScaffoldTest {

    @Test
    void aTableWithoutPrimaryKeyIsWrittenCommentedOutWithTheReason() {
        Schema source = new Schema().table("audit_entry", "at timestamp", "what text");
        Schema target = new Schema().table("audit_entry", "at timestamp", "what text");

        String yaml = PlanScaffold.generate("p", source.build(), target.build());

        assertThat(ScaffoldIT.migrations(yaml)).isEmpty();
        assertThat(yaml).contains("# Left commented out: target table audit_entry has no primary key")
                .contains("# - templatedRoute:\n#     routeTemplateRef: drover-migrate-item\n#     routeId: migrate-audit_entry\n")
                .endsWith("# No migration is active yet; remove the line below when you uncomment one.\n[]\n");
    }

    @Test
    void schemasWithNoTableInCommonAreRefused() {
        Schema source = new Schema().table("customers", "id int4 key");
        Schema target = new Schema().table("customer", "id int4 key");

        assertThatThrownBy(() -> PlanScaffold.generate("p", source.build(), target.build()))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("no target table has a source table of the same name (the source has 1 tables, the target 1): nothing"
                        + " to scaffold; check drover.source.url and drover.target.url, and the schema each connection starts in");
    }

    @Test
    void aCycleOfEqualDependenceTakesTheFirstTableByNameAsRoot() {
        Schema both = new Schema()
                .table("husband", "id int4 key", "wife_id int4 notnull unique").references("husband", "wife_id", "wife", "id")
                .table("wife", "id int4 key", "husband_id int4 notnull unique").references("wife", "husband_id", "husband", "id");

        String yaml = PlanScaffold.generate("p", both.build(), both.build());

        assertThat(ScaffoldIT.migrations(yaml)).containsOnlyKeys("husband");
        assertThat(ScaffoldIT.migrations(yaml).get("husband")).containsEntry("targets", "husband key id\nwife key id owner husband_id\n");
        assertThat(yaml.replace("\n#   ", " ")).contains("because both depend on each other alike; husband comes first by name.");
    }

    @Test
    void aCycleWhereOnlyOneTableCanBeAChildListMakesTheOtherTheRoot() {
        // beta references alpha by a column that is not alpha's primary key: beta's rows cannot be loaded by alpha's id
        Schema both = new Schema()
                .table("alpha", "id int4 key", "beta_id int4 notnull", "code int4 notnull unique").references("alpha", "beta_id", "beta", "id")
                .table("beta", "id int4 key", "alpha_code int4 notnull").references("beta", "alpha_code", "alpha", "code");

        String yaml = PlanScaffold.generate("p", both.build(), both.build());

        assertThat(ScaffoldIT.migrations(yaml)).containsOnlyKeys("beta");
        assertThat(ScaffoldIT.migrations(yaml).get("beta")).containsEntry("targets", "beta key id\nalpha key id owner beta_id\n");
        assertThat(yaml.replace("\n#   ", " "))
                .contains("because only alpha has a one-column key to beta's primary key, which a child list is loaded by.");
    }

    @Test
    void aDeferrableCycleNeedsNoAggregate() {
        Schema both = new Schema()
                .table("a", "id int4 key", "b_id int4 notnull").references("a", "b_id", "b", "id")
                .table("b", "id int4 key", "a_id int4 notnull").deferrable("b", "a_id", "a", "id");

        assertThat(ScaffoldIT.migrations(PlanScaffold.generate("p", both.build(), both.build()))).containsOnlyKeys("a", "b");
    }

    @Test
    void aLinkTableWhoseParentsAreNotMigratedGetsAnIdOfItsKeyColumns() {
        Schema source = new Schema().table("tag_link", "tag_id int4 key", "post_id varchar key");
        Schema target = new Schema().table("tag", "id int4 key")
                .table("tag_link", "tag_id int4 key", "post_id varchar key").references("tag_link", "tag_id", "tag", "id");

        Map<String, Map<String, String>> migrations = ScaffoldIT.migrations(PlanScaffold.generate("p", source.build(), target.build()));

        assertThat(migrations.get("tag_link")).containsEntry("idColumn", "drover_id").containsEntry("idType", "text")
                .containsEntry("itemQuery", "SELECT * FROM (SELECT CONCAT(tag_id, '|', post_id) AS drover_id, t.* FROM tag_link t)"
                        + " drover_item WHERE drover_id = :#id")
                .containsEntry("targets", "tag_link key tag_id,post_id\n");
    }

    @Test
    void namesYamlWouldReadAsOtherThanTextAreQuoted() {
        Schema schema = new Schema().table("no", "id varchar key");

        String yaml = PlanScaffold.generate("on", schema.build(), schema.build());

        assertThat(yaml).contains("value: \"no\"\n").contains("value: \"on\"\n");
        assertThat(ScaffoldIT.migrations(yaml).get("no")).containsEntry("plan", "on").containsEntry("idType", "text");
    }

    @Test
    void anUnsignedColumnTooWideForItsTargetIsPointedOut() {
        Schema source = new Schema().table("counter", "id int4 key", "hits INT_UNSIGNED");
        Schema target = new Schema().table("counter", "id int4 key", "hits int4");

        assertThat(PlanScaffold.generate("p", source.build(), target.build()))
                .contains("# counter.hits: INT UNSIGNED into int4, which holds no value above 2147483647; items with larger values fail\n");
    }

    /** A schema written briefly: columns as "name type [key] [notnull] [unique]". */
    private static final class Schema {
        private final Map<String, TableSchema> tables = new LinkedHashMap<>();
        private final Map<String, List<ForeignKey>> keys = new LinkedHashMap<>();

        Schema table(String name, String... columns) {
            Map<String, String> types = new LinkedHashMap<>();
            List<String> key = new ArrayList<>();
            List<Set<String>> unique = new ArrayList<>();
            Set<String> notNull = new HashSet<>();
            for (String column : columns) {
                String[] words = column.split(" ");
                types.put(words[0], words[1].replace('_', ' '));
                List<String> flags = List.of(words).subList(2, words.length);
                if (flags.contains("key")) {
                    key.add(words[0]);
                    notNull.add(words[0]);
                }
                if (flags.contains("notnull")) {
                    notNull.add(words[0]);
                }
                if (flags.contains("unique")) {
                    unique.add(Set.of(words[0]));
                }
            }
            tables.put(name, new TableSchema(name, types, types, key, unique, notNull, Set.of()));
            return this;
        }

        Schema references(String table, String column, String referenced, String referencedColumn) {
            return key(table, column, referenced, referencedColumn, false);
        }

        Schema deferrable(String table, String column, String referenced, String referencedColumn) {
            return key(table, column, referenced, referencedColumn, true);
        }

        private Schema key(String table, String column, String referenced, String referencedColumn, boolean deferrable) {
            keys.computeIfAbsent(table, t -> new ArrayList<>()).add(new ForeignKey(table + "_fk", table, List.of(column), referenced,
                    List.of(referencedColumn), deferrable));
            return this;
        }

        DatabaseSchema build() {
            Map<String, String> names = new LinkedHashMap<>();
            tables.keySet().forEach(t -> names.put(t, t));
            return new DatabaseSchema(tables, keys, names);
        }
    }
}
