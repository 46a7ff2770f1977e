package io.drover.cli;

import io.drover.config.DroverBeans;
import io.drover.sample.SampleData;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `drover sample init`: creates the sample migration's legacy data in the source and its empty schema in the target. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "The sample migration 'customers'.",
        subcommands = {SampleCommand.Init.class, SampleServiceCommand.class})
public class SampleCommand {

    @ParentCommand
    DroverCommand root;

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Creates the legacy tables customers and addresses with generated data in the source, and empty"
                    + " customer and customer_address tables in the target, replacing an earlier sample.")
    static class Init implements Callable<Integer> {

        @ParentCommand
        SampleCommand sample;

        @Option(names = "--customers", defaultValue = "3000", paramLabel = "N", description = "Customers to generate (default: ${DEFAULT-VALUE})")
        int customers;

        @Override
        public Integer call() throws SQLException {
            if (customers < 1) {
                throw new io.drover.DroverConfigException("--customers must be at least 1");
            }
            DroverCommand root = sample.root;
            try (DroverRuntime runtime = DroverRuntime.start(root.config, DroverRuntime.feedingNoItems())) {
                DroverBeans beans = runtime.beans();
                int addresses = SampleData.createSource(beans.source(), customers);
                SampleData.createTarget(beans.target());
                // a fresh sample: forget the item states of the old one, so nothing is taken for unchanged
                new JdbcTemplate(beans.target()).update("DELETE FROM " + beans.droverTables().itemState()
                        + " WHERE migration IN ('customers', 'customers-api')");
                Map<Integer, String> bad = SampleData.badItems(customers);
                root.out.printf("Sample source ready: %s with %s.%n", io.drover.Plural.of(customers, "customer"),
                        io.drover.Plural.of(addresses, "address", "addresses"));
                root.out.printf("Seeded %s that must fail:%n", io.drover.Plural.of(bad.size(), "deliberately bad item"));
                bad.forEach((id, why) -> root.out.printf("  %d: %s%n", id, why));
                root.out.println("Migrate them with: " + io.drover.Launcher.hint("migrate customers --all"));
            }
            return ExitCodes.OK;
        }
    }
}
