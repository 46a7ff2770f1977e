package io.drover.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.drover.DroverConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationTest {

    private static final String ID_QUERY = "SELECT id FROM customers ORDER BY id";
    private static final String ITEM_QUERY = "SELECT * FROM customers WHERE id = :#id";
    private static final String ADDRESSES = "SELECT * FROM addresses WHERE customer_id = :#id";
    private static final String CONVERTER = "#class:io.drover.sample.CustomerConverter";
    private static final String TARGETS = "customer key id\ncustomer_address key id owner customer_id";

    @Test
    void buildsAMigrationFromItsTemplateParameters() {
        // when
        Migration migration = Migration.fromParameters(parameters());

        // then
        assertThat(migration.name()).isEqualTo("customers");
        assertThat(migration.idQuery()).isEqualTo(ID_QUERY);
        assertThat(migration.idColumn()).isEqualTo("id");
        assertThat(migration.idType()).isEqualTo(IdType.NUMBER);
        assertThat(migration.itemQuery()).isEqualTo(ITEM_QUERY);
        assertThat(migration.childQueries()).containsExactly(entry("addresses", ADDRESSES));
        assertThat(migration.converter()).isEqualTo(CONVERTER);
        assertThat(migration.targets()).containsExactly(
                new TargetTable("customer", List.of("id"), null),
                new TargetTable("customer_address", List.of("id"), "customer_id"));
        assertThat(migration.fingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void findsATargetByNameIgnoringCase() {
        Migration migration = Migration.fromParameters(parameters());

        assertThat(migration.target("CUSTOMER_ADDRESS")).isEqualTo(migration.targets().get(1));
        assertThat(migration.target("orders")).isNull();
    }

    @Test
    void readsIdColumnAndIdType() {
        Map<String, Object> parameters = parameters();
        parameters.put("idColumn", "customer_no");
        parameters.put("idType", " Text ");

        Migration migration = Migration.fromParameters(parameters);

        assertThat(migration.idColumn()).isEqualTo("customer_no");
        assertThat(migration.idType()).isEqualTo(IdType.TEXT);
    }

    @Test
    void anUnknownIdTypeIsRejected() {
        Map<String, Object> parameters = parameters();
        parameters.put("idType", "uuid");

        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'customers': idType 'uuid' is unknown; use 'number' or 'text'");
    }

    @Test
    void sqlInTheIdColumnIsRejected() {
        Map<String, Object> parameters = parameters();
        parameters.put("idColumn", "id; DELETE FROM customers");

        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .isInstanceOf(DroverConfigException.class)
                .hasMessageStartingWith("migration 'customers': idColumn 'id; DELETE FROM customers' is not a valid SQL identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"idQuery", "itemQuery"})
    void aMissingRequiredParameterIsNamed(String parameter) {
        Map<String, Object> parameters = parameters();
        parameters.remove(parameter);

        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'customers': template parameter '" + parameter + "' is missing");

        parameters.put(parameter, "   ");
        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .hasMessage("migration 'customers': template parameter '" + parameter + "' is missing");
    }

    @Test
    void aMissingMigrationNameIsNamed() {
        Map<String, Object> parameters = parameters();
        parameters.remove("migration");

        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .isInstanceOf(DroverConfigException.class)
                .hasMessageContaining("template parameter 'migration' is missing");
    }

    @Test
    void missingTargetsAreRejected() {
        Map<String, Object> parameters = parameters();
        parameters.remove("targets");

        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .isInstanceOf(DroverConfigException.class)
                .hasMessageStartingWith("migration 'customers': parameter 'targets' declares no table");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Customers", "my migration", "-customers", "_customers", "customers;drop", "kunden/alt", "café"})
    void aBadMigrationNameIsRejected(String name) {
        Map<String, Object> parameters = parameters();
        parameters.put("migration", name);

        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration name '" + name + "' must be lower case letters, digits, '-' or '_'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"customers", "customers-2024", "legacy_customers", "0day"})
    void acceptsGoodMigrationNames(String name) {
        Map<String, Object> parameters = parameters();
        parameters.put("migration", "  " + name + " ");

        assertThat(Migration.fromParameters(parameters).name()).isEqualTo(name);
    }

    @Test
    void readsChildQueriesOnePerLineKeepingColonsInTheQuery() {
        Map<String, Object> parameters = parameters();
        parameters.put("childQueries", "\n  addresses :  " + ADDRESSES + "  \n\n"
                + "notes: SELECT * FROM notes WHERE customer_id = :#id AND kind = 'a:b'\n");

        Migration migration = Migration.fromParameters(parameters);

        assertThat(migration.childQueries()).containsExactly(
                entry("addresses", ADDRESSES),
                entry("notes", "SELECT * FROM notes WHERE customer_id = :#id AND kind = 'a:b'"));
    }

    @Test
    void noChildQueriesMeansNoChildren() {
        Map<String, Object> parameters = parameters();
        parameters.remove("childQueries");

        assertThat(Migration.fromParameters(parameters).childQueries()).isEmpty();
    }

    @Test
    void aChildQueryWithoutNameIsRejected() {
        Map<String, Object> parameters = parameters();
        parameters.put("childQueries", "addresses: " + ADDRESSES + "\n: SELECT 1\n");

        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'customers': cannot read child query ': SELECT 1';"
                        + " expected '<name>: <SELECT … WHERE parent_id = :#id>'");

        parameters.put("childQueries", "SELECT * FROM addresses");
        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .hasMessageStartingWith("migration 'customers': cannot read child query 'SELECT * FROM addresses'");
    }

    @Test
    void aChildNameThatIsNotAnIdentifierIsRejected() {
        Map<String, Object> parameters = parameters();
        parameters.put("childQueries", "SELECT * FROM addresses WHERE customer_id = :#id");

        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .isInstanceOf(DroverConfigException.class)
                .hasMessageStartingWith("migration 'customers': child name 'SELECT * FROM addresses WHERE customer_id ='"
                        + " is not a valid SQL identifier");
    }

    @Test
    void theFingerprintIsStableForTheSameDeclaration() {
        Map<String, Object> reformatted = parameters();
        reformatted.put("itemQuery", "  " + ITEM_QUERY + "\n");
        reformatted.put("targets", "\ncustomer   key id\n\ncustomer_address key id   owner customer_id\n");

        String fingerprint = Migration.fromParameters(parameters()).fingerprint();

        assertThat(Migration.fromParameters(parameters()).fingerprint()).isEqualTo(fingerprint);
        assertThat(Migration.fromParameters(reformatted).fingerprint()).isEqualTo(fingerprint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"idQuery", "itemQuery", "childQueries", "converter", "targets"})
    void theFingerprintChangesWhenTheDeclarationChanges(String parameter) {
        Map<String, Object> changed = parameters();
        changed.put(parameter, switch (parameter) {
            case "idQuery" -> "SELECT id FROM customers WHERE status <> 'D' ORDER BY id";
            case "itemQuery" -> "SELECT id, full_name FROM customers WHERE id = :#id";
            case "childQueries" -> "addresses: SELECT * FROM addresses WHERE customer_id = :#id AND kind <> 'X'";
            case "converter" -> "#class:io.drover.sample.OtherConverter";
            default -> "customer key id\ncustomer_address key id, kind owner customer_id";
        });

        assertThat(Migration.fromParameters(changed).fingerprint())
                .isNotEqualTo(Migration.fromParameters(parameters()).fingerprint());
    }

    private static Map<String, Object> parameters() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("migration", "customers");
        parameters.put("idQuery", ID_QUERY);
        parameters.put("itemQuery", ITEM_QUERY);
        parameters.put("childQueries", "addresses: " + ADDRESSES);
        parameters.put("converter", CONVERTER);
        parameters.put("targets", TARGETS);
        return parameters;
    }
}
