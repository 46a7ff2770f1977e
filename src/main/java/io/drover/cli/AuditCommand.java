package io.drover.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.drover.DroverConfigException;
import io.drover.audit.AuditHtml;
import io.drover.audit.AuditReport;
import io.drover.audit.AuditRun;
import io.drover.audit.AuditText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `drover audit <migration> [--sample=N] [--key=COLUMN]… [--html=FILE] [--json=FILE]`. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Profiles the source of a migration before anything moves: every column of the items and their child"
                + " lists, duplicates by business key, orphan child rows, and a dry conversion of every item that predicts how"
                + " many would be MIGRATED, REJECTED or FAILED, and why. Writes nothing to the target tables; the audit is"
                + " stored in audit_run.",
        footer = {"", "Exit codes: 0 the audit ran (whatever it found), 2 bad usage or configuration."})
public class AuditCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @Parameters(index = "0", paramLabel = "MIGRATION")
    String migration;

    @Option(names = "--sample", paramLabel = "N", description = "Audit only the first N items in id order")
    Integer sample;

    @Option(names = "--key", paramLabel = "COLUMN", description = "Look for duplicates of this business key: a root column"
            + " (email) or a child list's column (addresses.street); repeatable. Columns with a unique rule are always checked.")
    List<String> keys;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as a self-contained HTML page")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (sample != null && sample < 1) {
            throw new DroverConfigException("--sample must be at least 1");
        }
        List<String> businessKeys = keys == null ? List.of() : keys;
        String arguments = "audit " + migration + (sample != null ? " --sample=" + sample : "")
                + businessKeys.stream().map(k -> " --key=" + k).reduce("", String::concat);
        try (DroverRuntime runtime = DroverRuntime.start(root.config, DroverRuntime.feedingNoItems())) {
            AuditReport report = new AuditRun(runtime.context(), runtime.beans(), root.out)
                    .run(migration, new AuditRun.Options(sample, businessKeys), arguments);
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            }
            if (html != null) {
                Files.writeString(html, new AuditHtml(new ObjectMapper()).render(report));
            }
            new AuditText(root.out).print(report);
            return ExitCodes.OK;
        }
    }
}
