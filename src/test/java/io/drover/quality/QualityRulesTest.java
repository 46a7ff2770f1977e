package io.drover.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverConfigException;
import io.drover.pipeline.SourceItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityRulesTest {

    private static SourceItem item(Object... columnsAndValues) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            root.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return new SourceItem(1, root, Map.of("addresses", List.of(Map.of("street", " Main St "), new LinkedHashMap<>())));
    }

    @Test
    void uniqueColumnsAreListedWithTheirLevelAndGiveTheirCleansedValues() {
        QualityRules rules = QualityRules.parse("m", "email: email, unique\naddresses.street: trim, warn unique");

        QualityRules.Result result = rules.apply(item("email", " A@B.org "));

        assertThat(result.violations()).isEmpty(); // unique is judged across items, not here
        assertThat(rules.uniqueKeys()).extracting(QualityRules.UniqueKey::name, QualityRules.UniqueKey::level)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("email", Violation.Level.ERROR),
                        org.assertj.core.groups.Tuple.tuple("addresses.street", Violation.Level.WARNING));
        assertThat(rules.uniqueKeys().get(0).valuesIn(result.item())).containsExactly("a@b.org");
        assertThat(rules.uniqueKeys().get(1).valuesIn(result.item())).containsExactly("Main St"); // NULLs claim nothing
    }

    @Test
    void checkBeansSeeTheCleansedItemAndTheirAnswerBecomesTheDetail() {
        ColumnRule laterThanCreated = (value, item) ->
                value.toString().compareTo(item.get("created").toString()) > 0 ? null : "is not after created (" + item.get("created") + ")";
        RuleEnvironment beans = new RuleEnvironment() {
            public javax.sql.DataSource source() { return null; }
            public javax.sql.DataSource target() { return null; }
            public <T> T bean(String name, Class<T> type) { return type.cast(laterThanCreated); }
        };
        QualityRules rules = QualityRules.parse("m", "created: trim\nchanged: check laterThanCreated");

        QualityRules.Result result = rules.apply(item("created", " 2024-05-01 ", "changed", "2024-04-01"), beans);

        assertThat(result.rejected()).isTrue();
        assertThat(result.violations()).singleElement().hasToString(
                "column 'changed' breaks check laterThanCreated (value: '2024-04-01'; is not after created (2024-05-01))");
    }

    @Test
    void aMissingCheckBeanIsAConfigurationErrorNamingTheRule() {
        QualityRules rules = QualityRules.parse("m", "name: check nameRule");
        RuleEnvironment empty = new RuleEnvironment() {
            public javax.sql.DataSource source() { return null; }
            public javax.sql.DataSource target() { return null; }
            public <T> T bean(String name, Class<T> type) { throw new DroverConfigException("no bean '" + name + "'"); }
        };

        assertThatThrownBy(() -> rules.validate("m", empty)).isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'm', quality of 'name': rule 'check nameRule': no bean 'nameRule'");
    }

    @Test
    void malformedCrossItemRulesAreRefusedWithTheirSyntax() {
        assertThatThrownBy(() -> QualityRules.parse("m", "country: reference countries"))
                .hasMessageContaining("'reference' takes [target] TABLE.COLUMN");
        assertThatThrownBy(() -> QualityRules.parse("m", "country: reference source countries.code"))
                .hasMessageContaining("'reference' takes [target] TABLE.COLUMN");
        assertThatThrownBy(() -> QualityRules.parse("m", "country: reference countries.code;drop"))
                .hasMessageContaining("is not a valid SQL identifier");
        assertThatThrownBy(() -> QualityRules.parse("m", "name: check"))
                .hasMessageContaining("'check' bean name is empty");
        assertThatThrownBy(() -> QualityRules.parse("m", "name: warn trim"))
                .hasMessageContaining("'warn' goes with a rule");
    }

    @Test
    void uniqueClaimsCompareNumberIdsAsNumbers() {
        assertThat(UniqueClaims.compare(io.drover.migration.IdType.NUMBER, "9", "10")).isNegative();
        assertThat(UniqueClaims.compare(io.drover.migration.IdType.TEXT, "9", "10")).isPositive();
    }
}
