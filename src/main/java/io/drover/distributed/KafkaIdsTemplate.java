package io.drover.distributed;

import io.drover.DroverConfigException;
import io.drover.config.DroverBeans;
import io.drover.migration.MigrationCatalog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Variable;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * The logic of route template drover-kafka-ids (the continuous mode over an existing topic): reading a
 * record's item id, or saying why it has none; and checking the template's routes before `drover run`
 * starts them.
 */
public final class KafkaIdsTemplate {

    /** The parameter only this template has: how its routes are recognized (Camel keeps no template id with a route). */
    static final String ID_FROM = "idFrom";
    private static final Map<String, RecordIdSource> SOURCES = new ConcurrentHashMap<>();

    /**
     * Sets the body to the record's item id; a record without one (or with an id the migration's idType
     * cannot take) gets its reason in the variable droverDeadLetter instead, as in route work-kafka-ids.
     */
    public void read(@Variable("droverKafkaIdsMigration") String migration, @Variable("droverKafkaIdsFrom") String idFrom,
                     Exchange exchange) {
        Message message = exchange.getMessage();
        try {
            String id = SOURCES.computeIfAbsent(idFrom, RecordIdSource::parse)
                    .idOf(message.getHeader(KafkaConstants.KEY, String.class), message.getBody(String.class));
            String notAnId = KafkaWorker.notAnIdOf(DroverBeans.of(exchange.getContext()).catalog().get(migration), id);
            if (notAnId != null) {
                exchange.setVariable(KafkaWorker.DEAD_LETTER, notAnId);
                return;
            }
            message.setBody(id);
        } catch (RecordIdSource.NoId e) {
            exchange.setVariable(KafkaWorker.DEAD_LETTER, e.getMessage());
        }
    }

    /**
     * The start-up check of every route of this template: its migration is declared and its idFrom is
     * readable; a mistake is a configuration error, reported before any record is taken.
     */
    public static void check(CamelContext context, MigrationCatalog catalog) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : model.getRouteDefinitions()) {
            Map<String, Object> parameters = route.getTemplateParameters();
            if (route.isCreatedFromTemplate() && parameters != null && parameters.containsKey(ID_FROM)) {
                try {
                    catalog.get(String.valueOf(parameters.get("migration")));
                    RecordIdSource.parse(String.valueOf(parameters.get(ID_FROM)));
                } catch (DroverConfigException e) {
                    throw new DroverConfigException("route " + route.getRouteId() + " (template drover-kafka-ids): " + e.getMessage());
                }
            }
        }
    }
}
