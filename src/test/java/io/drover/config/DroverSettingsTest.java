package io.drover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DroverSettingsTest {

    @Test
    void readsConnectionsAndTuning() {
        // given
        Map<String, String> properties = minimal();
        properties.put("drover.source.username", " legacy ");
        properties.put("drover.source.password", "s3cret");
        properties.put("drover.workers", " 8 ");
        properties.put("drover.queue.size", "50");
        properties.put("drover.page-size", "200");
        properties.put("drover.queue.uri", "seda:items?size=50");

        // when
        DroverSettings settings = DroverSettings.from(properties::get);

        // then
        assertThat(settings.source()).isEqualTo(new DroverSettings.Connection("source",
                "jdbc:mariadb://legacy:3306/crm", "legacy", "s3cret"));
        assertThat(settings.target()).isEqualTo(new DroverSettings.Connection("target",
                "jdbc:postgresql://db:5432/app", "", ""));
        assertThat(settings.workers()).isEqualTo(8);
        assertThat(settings.queueSize()).isEqualTo(50);
        assertThat(settings.pageSize()).isEqualTo(200);
        assertThat(settings.queueUri()).isEqualTo("seda:items?size=50");
    }

    @Test
    void usesDefaultsForUnsetTuning() {
        DroverSettings settings = DroverSettings.from(minimal()::get);

        assertThat(settings.workers()).isEqualTo(DroverSettings.defaultWorkers()).isGreaterThanOrEqualTo(2);
        assertThat(settings.queueSize()).isEqualTo(1000);
        assertThat(settings.pageSize()).isEqualTo(1000);
        assertThat(settings.queueUri()).isEqualTo("seda:drover-items");
    }

    @Test
    void drover_schemaNamesWhereDroverTablesAreQualifiedAndQuoted() {
        assertThat(DroverSettings.droverTables(Map.<String, String>of()::get).migrationLog()).isEqualTo("\"drover\".\"migration_log\"");
        assertThat(DroverSettings.droverTables(Map.of("drover.schema", " ops ")::get).name("item_state")).isEqualTo("ops.item_state");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ops.log", "drover\"; DROP SCHEMA public; --", "1ops", "my-schema"})
    void drover_schemaThatIsNoPlainIdentifierIsRefused(String schema) {
        assertThatThrownBy(() -> DroverSettings.droverTables(Map.of("drover.schema", schema)::get))
                .isInstanceOf(DroverConfigException.class).hasMessageStartingWith("drover.schema");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "  "})
    void nonPositiveOrBlankWorkersMeanTheDefault(String workers) {
        Map<String, String> properties = minimal();
        properties.put("drover.workers", workers);

        assertThat(DroverSettings.from(properties::get).workers()).isEqualTo(DroverSettings.defaultWorkers());
    }

    @Test
    void aMissingSourceUrlNamesThePropertyAndTheEnvironmentVariable() {
        Map<String, String> properties = minimal();
        properties.remove("drover.source.url");

        assertThatThrownBy(() -> DroverSettings.from(properties::get))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("drover.source.url is not set; set it in config/application.properties"
                        + " or with the environment variable DROVER_SOURCE_URL");
    }

    @Test
    void aBlankTargetUrlNamesThePropertyAndTheEnvironmentVariable() {
        Map<String, String> properties = minimal();
        properties.put("drover.target.url", "  ");

        assertThatThrownBy(() -> DroverSettings.from(properties::get))
                .isInstanceOf(DroverConfigException.class)
                .hasMessageContaining("drover.target.url is not set")
                .hasMessageContaining("DROVER_TARGET_URL");
    }

    @Test
    void aNonJdbcUrlIsRejectedWithoutShowingItsPassword() {
        Map<String, String> properties = minimal();
        properties.put("drover.target.url", "postgresql://drover:s3cret@db/app");

        assertThatThrownBy(() -> DroverSettings.from(properties::get))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("drover.target.url must be a JDBC URL starting with 'jdbc:', got 'postgresql://drover:****@db/app'");
    }

    @Test
    void aNonNumericWorkerCountIsRejected() {
        Map<String, String> properties = minimal();
        properties.put("drover.workers", "many");

        assertThatThrownBy(() -> DroverSettings.from(properties::get))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("drover.workers must be a whole number, got 'many'");
    }

    @Test
    void aNonNumericPageSizeIsRejected() {
        Map<String, String> properties = minimal();
        properties.put("drover.page-size", "1e3");

        assertThatThrownBy(() -> DroverSettings.from(properties::get))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("drover.page-size must be a whole number, got '1e3'");
    }

    @Test
    void aConnectionNeverPrintsItsPassword() {
        DroverSettings.Connection connection = new DroverSettings.Connection("target",
                "jdbc:postgresql://drover:s3cret@db/app?password=s3cret", "drover", "s3cret");

        assertThat(connection.toString())
                .isEqualTo("target jdbc:postgresql://drover:****@db/app?password=**** as drover")
                .doesNotContain("s3cret");
        assertThat(new DroverSettings.Connection("source", "jdbc:h2:mem:x", "", "s3cret"))
                .hasToString("source jdbc:h2:mem:x");
    }

    @Test
    void theSettingsNeverPrintAPassword() {
        Map<String, String> properties = minimal();
        properties.put("drover.source.password", "s3cret");
        properties.put("drover.target.url", "jdbc:postgresql://db/app?user=drover&password=s3cret");

        assertThat(DroverSettings.from(properties::get).toString()).doesNotContain("s3cret");
    }

    private static Map<String, String> minimal() {
        Map<String, String> properties = new HashMap<>();
        properties.put("drover.source.url", "jdbc:mariadb://legacy:3306/crm");
        properties.put("drover.target.url", " jdbc:postgresql://db:5432/app ");
        return properties;
    }
}
