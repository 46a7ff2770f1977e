package io.drover.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"customer", "Customer_Address", "_tmp", "t1", "public.customer", "crm.customer_address"})
    void acceptsPlainAndSchemaQualifiedNames(String name) {
        assertThat(Identifiers.check("table", name)).isEqualTo(name);
    }

    @Test
    void acceptsNamesUpTo63Characters() {
        assertThat(Identifiers.check("table", "a".repeat(63))).hasSize(63);
        assertThatThrownBy(() -> Identifiers.check("table", "a".repeat(64))).isInstanceOf(DroverConfigException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer; DROP TABLE x", "a\"b", "1customer", "customer-address", "customer name",
            "public.", ".customer", "public..customer", "customer--", "tÿpe"})
    void rejectsNamesThatCouldCarrySql(String name) {
        assertThatThrownBy(() -> Identifiers.check("migration 'm': target table", name))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'm': target table '" + name + "' is not a valid SQL identifier: use letters, digits"
                        + " and underscores, optionally qualified by a schema (schema.table)");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void rejectsEmptyNames(String name) {
        assertThatThrownBy(() -> Identifiers.check("idColumn", name))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("idColumn is empty");
    }

    @Test
    void quotesEachPartOfAName() {
        assertThat(Identifiers.quote("customer")).isEqualTo("\"customer\"");
        assertThat(Identifiers.quote("public.customer")).isEqualTo("\"public\".\"customer\"");
        assertThat(Identifiers.quote("Customer")).isEqualTo("\"Customer\"");
    }
}
