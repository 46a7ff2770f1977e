package io.drover.cli;

import io.drover.migration.Migration;
import java.util.concurrent.Callable;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** `drover list`: the migrations found in the routes, with their target tables; it opens no database. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the migrations declared in the routes, with their plan (- for none).")
public class ListCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @Override
    public Integer call() {
        DefaultCamelContext context = new DefaultCamelContext();
        try {
            for (Migration m : DeclaredMigrations.read(root.config, context).all().values()) {
                root.out.println(m.name() + "  plan=" + (m.plan() == null ? "-" : m.plan()) + "  converter="
                        + (m.converter() != null ? m.converter() : "mapping") + (m.isApi() ? "  api=" + m.api().method() + " " + io.drover.config.Secrets.maskUrl(m.api().url())
                        : "  targets=" + m.targets().stream().map(t -> t.table()).toList()));
            }
            return ExitCodes.OK;
        } finally {
            context.stop();
        }
    }
}
