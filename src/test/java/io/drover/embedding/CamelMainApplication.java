package io.drover.embedding;

import com.zaxxer.hikari.HikariDataSource;
import io.drover.config.DroverBeans;
import io.drover.log.ItemOutcome;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * An application of its own, as a user would write it: camel-main, a route that logs through its own
 * logger, no logging configuration, and Drover embedded per docs/embedding.md. Run as a separate process by
 * {@link EmbeddedApplicationIT}: args are the source URL, the target URL, the user of both, the migration file,
 * and optionally "with-own-item-pipeline": the application has a bean of its own named like one of Drover's.
 */
public final class CamelMainApplication {

    private CamelMainApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:hello").routeId("hello").log("the application says hello to ${body}");
            }
        });
        main.configure().withRoutesIncludePattern("file:" + args[3]);
        if (args.length > 4 && args[4].equals("with-own-item-pipeline")) {
            main.bind("itemPipeline", new OrderPipeline());
        }
        main.configure().addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                DroverBeans.install(context, pool(args[0], args[2]), pool(args[1], args[2]), 100, "embedded in an application");
            }
        });
        main.start();
        try {
            CamelContext camel = main.getCamelContext();
            camel.createProducerTemplate().sendBody("direct:hello", "Drover");
            ItemOutcome outcome = camel.createProducerTemplate().requestBody("direct:migrate-legacy-customers", 3, ItemOutcome.class);
            System.out.println("outcome " + outcome.status());
        } finally {
            main.stop();
        }
    }

    /** A bean of the application's own, which happens to carry the name of one of Drover's. */
    public static final class OrderPipeline {
        public void start(String order) {
            System.out.println("the application's pipeline starts " + order);
        }
    }

    private static HikariDataSource pool(String url, String user) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        return pool;
    }
}
