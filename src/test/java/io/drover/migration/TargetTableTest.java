package io.drover.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetTableTest {

    @Test
    void parsesOneTablePerLineWithKeyAndOwner() {
        // when
        List<TargetTable> tables = TargetTable.parseAll("customers",
                "customer key id\ncustomer_address key id owner customer_id");

        // then
        assertThat(tables).containsExactly(
                new TargetTable("customer", List.of("id"), null),
                new TargetTable("customer_address", List.of("id"), "customer_id"));
        assertThat(tables.get(0).owned()).isFalse();
        assertThat(tables.get(1).owned()).isTrue();
    }

    @Test
    void toleratesBlankLinesAndExtraWhitespace() {
        assertThat(TargetTable.parseAll("m", "\n   customer    key   id  \n\n\t customer_address  key id\towner  customer_id \n"))
                .containsExactly(
                        new TargetTable("customer", List.of("id"), null),
                        new TargetTable("customer_address", List.of("id"), "customer_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order_line key order_id, line_no", "order_line key order_id,line_no",
            "order_line key order_id ,  line_no"})
    void parsesCompositeKeys(String line) {
        assertThat(TargetTable.parseAll("m", line))
                .containsExactly(new TargetTable("order_line", List.of("order_id", "line_no"), null));
    }

    @Test
    void parsesCompositeKeyWithOwner() {
        assertThat(TargetTable.parseAll("m", "order_line key order_id, line_no owner order_id"))
                .containsExactly(new TargetTable("order_line", List.of("order_id", "line_no"), "order_id"));
    }

    @Test
    void aTableWithoutKeyUsesThePrimaryKey() {
        assertThat(TargetTable.parseAll("m", "customer"))
                .containsExactly(new TargetTable("customer", List.of(), null));
        assertThat(TargetTable.parseAll("m", "tag owner customer_id"))
                .containsExactly(new TargetTable("tag", List.of(), "customer_id"));
    }

    @Test
    void acceptsSchemaQualifiedTables() {
        assertThat(TargetTable.parseAll("m", "crm.customer key id"))
                .containsExactly(new TargetTable("crm.customer", List.of("id"), null));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n \n\t\n"})
    void anEmptyDeclarationIsRejectedWithAnExample(String declaration) {
        assertThatThrownBy(() -> TargetTable.parseAll("customers", declaration))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'customers': parameter 'targets' declares no table; write one line per table,"
                        + " e.g. 'customer key id' and 'customer_address key id owner customer_id'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer primary key id", "customer key", "customer owner", "customer owner a b",
            "customer owner customer_id key id"})
    void anUnreadableLineIsRejectedWithTheExpectedForm(String line) {
        assertThatThrownBy(() -> TargetTable.parseAll("customers", "customer_address key id\n" + line))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'customers': cannot read target '" + line
                        + "'; expected '<table> [key <column>[,<column>…]] [owner <column>]'");
    }

    @Test
    void sqlInATableDeclarationIsRejected() {
        assertThatThrownBy(() -> TargetTable.parseAll("customers", "customer; DROP TABLE x"))
                .isInstanceOf(DroverConfigException.class)
                .hasMessageContaining("migration 'customers': cannot read target 'DROP TABLE x'");
    }

    @Test
    void aQuoteInATableNameIsRejected() {
        assertThatThrownBy(() -> TargetTable.parseAll("customers", "a\"b key id"))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'customers': target table 'a\"b' is not a valid SQL identifier: use letters,"
                        + " digits and underscores, optionally qualified by a schema (schema.table)");
    }

    @Test
    void sqlInKeyOrOwnerColumnsIsRejectedNamingTheTable() {
        assertThatThrownBy(() -> TargetTable.parseAll("m", "customer key id\"--"))
                .isInstanceOf(DroverConfigException.class)
                .hasMessageStartingWith("migration 'm': target key column of customer 'id\"--' is not a valid SQL identifier");
        assertThatThrownBy(() -> TargetTable.parseAll("m", "customer_address key id owner customer_id)"))
                .isInstanceOf(DroverConfigException.class)
                .hasMessageStartingWith("migration 'm': target owner column of customer_address 'customer_id)'"
                        + " is not a valid SQL identifier");
    }
}
