package io.drover.cli;

import io.drover.DroverConfigException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `drover` command line: global options and the subcommands. */
@Command(name = "drover", mixinStandardHelpOptions = true, version = "Drover 0.1.0",
        description = "Item-by-item, idempotent, fully logged data migrations on Apache Camel.",
        subcommands = {MigrateCommand.class, AuditCommand.class, VerifyCommand.class, StatusCommand.class, ForgetCommand.class, ReportCommand.class, RunCommand.class, WorkerCommand.class, SampleCommand.class, ListCommand.class, ScaffoldCommand.class, SetupCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.USAGE)
public class DroverCommand {

    @Option(names = "--config", defaultValue = "config/application.properties", paramLabel = "FILE",
            description = "Properties file (default: ${DEFAULT-VALUE})", scope = CommandLine.ScopeType.INHERIT)
    Path config;

    PrintStream out = System.out;

    /** Runs the command line and returns the exit code; configuration errors become a short message and code 2. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        DroverCommand root = new DroverCommand();
        root.out = out;
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DroverConfigException) {
                err.println("drover: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            err.println("drover: " + io.drover.config.Secrets.maskUrl(String.valueOf(e.getMessage())));
            return ExitCodes.ITEMS_FAILED;
        });
        return commandLine.execute(args);
    }
}
