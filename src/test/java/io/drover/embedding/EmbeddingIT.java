package io.drover.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.config.DroverBeans;
import io.drover.log.ItemOutcome;
import io.drover.pipeline.ItemStatus;
import io.drover.sample.SampleData;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding story: an existing Camel application (a plain DefaultCamelContext, not Drover's main)
 * loads Drover's route template and a migration declared in its own YAML, and migrates items.
 */
class EmbeddingIT {

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;

    @BeforeAll
    static void createDatabases() throws Exception {
        source = TestDatabase.postgres("embed_src");
        target = TestDatabase.postgres("embed_tgt");
        SampleData.createSource(source.dataSource(), 50);
        SampleData.createTarget(target.dataSource());
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void aPlainCamelContextMigratesItemsThroughDroversTemplate() throws Exception {
        // given: the application's own migration, declared with Drover's template
        Path migration = migrationFile();
        try (CamelContext camel = new DefaultCamelContext()) {
            // an existing route of the application hands ids to the migration
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:customer-changed").routeId("customer-changed").to("direct:migrate-legacy-customers");
                }
            });
            DroverBeans.install(camel, source.dataSource(), target.dataSource(), 100, "embedded in EmbeddingIT");
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:" + migration));
            camel.start();

            // when
            ItemOutcome outcome = camel.createProducerTemplate().requestBody("direct:customer-changed", 41, ItemOutcome.class);

            // then
            assertThat(outcome.status()).isEqualTo(ItemStatus.MIGRATED);
            assertThat(outcome.migration()).isEqualTo("legacy-customers");
            Tables db = new Tables(target.dataSource());
            assertThat(db.count("SELECT count(*) FROM customer WHERE id = 41")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM customer_address WHERE customer_id = 41")).isEqualTo(2);
            assertThat(db.rows("SELECT migration, item_id, status FROM drover.migration_log"))
                    .extracting(r -> r.get("migration") + "/" + r.get("item_id") + "/" + r.get("status"))
                    .containsExactly("legacy-customers/41/MIGRATED");
            assertThat(db.rows("SELECT arguments, status FROM drover.migration_run"))
                    .extracting(r -> r.get("arguments") + "/" + r.get("status"))
                    .containsExactly("embedded in EmbeddingIT/RUNNING");
        }
        // and: the application's context stopped, the run has ended with its counts
        assertThat(new Tables(target.dataSource()).rows("SELECT status, items_total, migrated FROM drover.migration_run"))
                .containsExactly(java.util.Map.of("status", "SUCCEEDED", "items_total", 1, "migrated", 1));
    }

    @Test
    void droversSettingsComeFromTheContextsProperties() throws Exception {
        TestDatabase compactTarget = TestDatabase.postgres("embed_cmp");
        try (CamelContext camel = new DefaultCamelContext()) {
            SampleData.createTarget(compactTarget.dataSource());
            // given: the application sets drover.* as Camel properties, as camel-main's users do in application.properties
            java.util.Properties settings = new java.util.Properties();
            settings.setProperty("drover.log.data", "compact");
            camel.getPropertiesComponent().setInitialProperties(settings);
            DroverBeans.install(camel, source.dataSource(), compactTarget.dataSource(), 100, "embedded, compact log");
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:" + migrationFile()));
            camel.start();

            // when
            ItemOutcome outcome = camel.createProducerTemplate().requestBody("direct:migrate-legacy-customers", 7, ItemOutcome.class);

            // then: the item is written, and its log row is the compact one: no JSON copy of a success
            assertThat(outcome.status()).isEqualTo(ItemStatus.MIGRATED);
            Tables db = new Tables(compactTarget.dataSource());
            assertThat(db.count("SELECT count(*) FROM customer WHERE id = 7")).isEqualTo(1);
            assertThat(db.rows("SELECT item_id, status, source_hash IS NOT NULL AS hashed, source_data IS NULL AS no_source,"
                    + " destination_data IS NULL AS no_destination FROM drover.migration_log"))
                    .containsExactly(java.util.Map.of("item_id", "7", "status", "MIGRATED", "hashed", true, "no_source", true,
                            "no_destination", true));
        } finally {
            compactTarget.close();
        }
    }

    @Test
    void aBadLogSettingStopsTheInstallWithTheSettingNamed() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            java.util.Properties settings = new java.util.Properties();
            settings.setProperty("drover.log.data", "verbose");
            camel.getPropertiesComponent().setInitialProperties(settings);

            assertThatThrownBy(() -> DroverBeans.install(camel, source.dataSource(), target.dataSource(), 100, "bad setting"))
                    .isInstanceOf(io.drover.DroverConfigException.class)
                    .hasMessage("drover.log.data is 'verbose'; use full or compact");
        }
    }

    @Test
    void anEmbeddedMigrationWithAMisspelledTargetTableDoesNotStart() throws Exception {
        Path migration = Files.writeString(dir.resolve("misspelled.camel.yaml"), Files.readString(migrationFile())
                .replace("customer key id", "custmer key id"));
        try (CamelContext camel = new DefaultCamelContext()) {
            DroverBeans.install(camel, source.dataSource(), target.dataSource(), 100, "misspelled");
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:" + migration));

            assertThatThrownBy(camel::start).hasStackTraceContaining("target table 'custmer' does not exist");
            assertThat(camel.isStarted()).isFalse();
        }
    }

    @Test
    void anApplicationBeanUnderADroverNameIsRefusedWithTheNameAndTheClash() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("itemPipeline", new StringBuilder("the application's own"));

            assertThatThrownBy(() -> DroverBeans.install(camel, source.dataSource(), target.dataSource(), 100, "clash"))
                    .isInstanceOf(io.drover.DroverConfigException.class)
                    .hasMessageContaining("already has a bean named 'itemPipeline' (a java.lang.StringBuilder)")
                    .hasMessageContaining("rename the application's bean");
        }
    }

    /** The application's own migration, declared with Drover's template. */
    private static Path migrationFile() throws java.io.IOException {
        return migrationFile(dir);
    }

    /** An application's migration file in {@code folder}, declared with Drover's template: the README's example. */
    static Path migrationFile(Path folder) throws java.io.IOException {
        Path migration = folder.resolve("legacy-customers.camel.yaml");
        Files.writeString(migration, """
                - beans:
                    - name: customerConverter
                      type: "#class:io.drover.sample.CustomerConverter"
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-legacy-customers
                    parameters:
                      - name: migration
                        value: legacy-customers
                      - name: idQuery
                        value: SELECT id FROM customers
                      - name: itemQuery
                        value: SELECT * FROM customers WHERE id = :#id
                      - name: childQueries
                        value: "addresses: SELECT * FROM addresses WHERE customer_id = :#id ORDER BY id"
                      - name: converter
                        value: customerConverter
                      - name: targets
                        value: |
                          customer key id
                          customer_address key id owner customer_id
                """);
        return migration;
    }

}
