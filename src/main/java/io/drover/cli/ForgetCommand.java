package io.drover.cli;

import io.drover.DroverConfigException;
import io.drover.Plural;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `drover forget <migration> (--item-id=… | --not-found)`: drops items' states; their log rows stay. */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Forgets items: deletes their state (latest outcome, hash of the last success, unique values claimed),"
                + " so that status no longer counts them and the next run treats them as never attempted. Their log rows"
                + " stay. Writes nothing to the target tables.")
public class ForgetCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @Parameters(index = "0", paramLabel = "MIGRATION", description = "Name of the migration, e.g. customers")
    String migration;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static class Selection {
        @Option(names = "--item-id", split = ",", paramLabel = "ID", description = "Forget these items (repeat or separate with commas)")
        List<String> ids;

        @Option(names = "--not-found", description = "Forget every item whose latest outcome is NOT_FOUND: ids asked for that the source does not have")
        boolean notFound;
    }

    @Override
    public Integer call() {
        try (DroverRuntime runtime = DroverRuntime.start(root.config, DroverRuntime.feedingNoItems())) {
            Migration m = runtime.beans().catalog().get(migration);
            if (selection.notFound) {
                int forgotten = runtime.beans().log().forgetWithStatus(m.name(), ItemStatus.NOT_FOUND);
                root.out.printf("%s: forgot %s not found in the source.%n", m.name(), Plural.of(forgotten, "item"));
                return ExitCodes.OK;
            }
            List<String> ids = selection.ids.stream().map(String::trim).filter(id -> !id.isEmpty()).map(id -> key(m, id)).distinct().toList();
            int forgotten = runtime.beans().log().forget(m.name(), ids);
            root.out.printf("%s: forgot %s%s; the next run treats %s as never attempted, the log keeps %s history.%n", m.name(),
                    Plural.of(forgotten, "item"), forgotten < ids.size() ? " (" + (ids.size() - forgotten) + " of the ids had no state)" : "",
                    forgotten == 1 ? "it" : "them", forgotten == 1 ? "its" : "their");
            return ExitCodes.OK;
        }
    }

    /** The id as items are logged under it: 042 and 42 are one item of a migration with number ids. */
    private static String key(Migration m, String id) {
        try {
            return String.valueOf(m.idType().parse(id));
        } catch (RuntimeException e) {
            throw new DroverConfigException("--item-id " + id + ": " + e.getMessage());
        }
    }
}
