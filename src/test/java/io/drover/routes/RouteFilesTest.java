package io.drover.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build validates every YAML route file, Drover's own and the migrations': against the YAML DSL schema shipped in camel-yaml-dsl,
 * and by Camel's own YAML loader, which also checks that every route has an explicit id.
 */
class RouteFilesTest {

    private static final JsonSchema SCHEMA = schema();

    static Stream<Path> routeFiles() throws Exception {
        List<Path> files = new java.util.ArrayList<>();
        for (String dir : List.of("src/main/resources/drover/routes", "routes")) { // Drover's own, in its jar; the migrations
            try (Stream<Path> walk = Files.walk(Path.of(dir))) {
                files.addAll(walk.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList());
            }
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void conformsToTheYamlDslSchema(Path file) throws Exception {
        JsonNode routes = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());

        Set<ValidationMessage> errors = SCHEMA.validate(routes);

        assertThat(errors).as(file + " breaks the Camel YAML DSL schema").isEmpty();
    }

    @org.junit.jupiter.api.Test
    void allFilesLoadIntoCamelWithExplicitRouteIds() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addInitialProperty("drover.triggers.enabled", "true");
            camel.getPropertiesComponent().addInitialProperty("drover.sample.inbox", "target/inbox");
            List<org.apache.camel.spi.Resource> resources = new java.util.ArrayList<>();
            for (Path file : routeFiles().toList()) {
                resources.add(ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath()));
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            assertThat(model.getRouteDefinitions()).extracting(r -> r.getRouteId()).contains(
                    "migrate-customers", "write-item", "preview-item", "work-item-queue", "inbox-customers", "poll-customers");
            model.getRouteDefinitions().forEach(route ->
                    assertThat(route.hasCustomIdAssigned()).as("route without an id: " + route).isTrue());
        }
    }

    private static JsonSchema schema() {
        try (InputStream in = DefaultCamelContext.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the YAML DSL schema from camel-yaml-dsl", e);
        }
    }
}
