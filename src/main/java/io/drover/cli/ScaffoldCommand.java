package io.drover.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.drover.DroverConfigException;
import io.drover.config.DataSources;
import io.drover.config.DroverSettings;
import io.drover.scaffold.DatabaseSchema;
import io.drover.scaffold.PlanScaffold;
import io.drover.scaffold.SchemaReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * `drover scaffold <plan>`: reads the source and target schemas and writes the plan's routes file. It
 * opens the two databases and nothing else: no routes, no Drover tables.
 */
@Command(name = "scaffold", mixinStandardHelpOptions = true,
        description = "Writes routes/<plan>.camel.yaml: one migration per target table with a source table of the same name,"
                + " with comments on what it leaves out, what nothing fills and what it coerces.")
public class ScaffoldCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @Parameters(index = "0", paramLabel = "PLAN", description = "Name of the plan (lower case letters, digits, '-' or '_')")
    String plan;

    @Option(names = "--output", paramLabel = "FILE", description = "File to write (default: routes/<plan>.camel.yaml)")
    Path output;

    @Option(names = "--force", description = "Replace the file if it exists")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PlanScaffold.checkPlanName(plan);
        Path file = output != null ? output : Path.of("routes", plan + ".camel.yaml");
        if (Files.exists(file) && !force) {
            throw new DroverConfigException(file + " exists; edit it, or pass --force to replace it");
        }
        DroverSettings settings = ConfigFile.settings(root.config);
        DatabaseSchema source;
        DatabaseSchema target;
        try (HikariDataSource sourceDb = DataSources.pooled(settings.source(), 2);
             HikariDataSource targetDb = DataSources.pooled(settings.target(), 2)) {
            source = SchemaReader.source(sourceDb);
            target = SchemaReader.target(targetDb);
        }
        String yaml = PlanScaffold.generate(plan, source, target);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        long migrations = yaml.lines().filter(l -> l.startsWith("- templatedRoute:")).count();
        root.out.println("Wrote " + file + ": " + migrations + " migration" + (migrations == 1 ? "" : "s") + " of plan '" + plan
                + "'. Review its comments, then run: " + io.drover.Launcher.hint("migrate --plan=" + plan + " --all"));
        return ExitCodes.OK;
    }
}
