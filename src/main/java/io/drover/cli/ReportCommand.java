package io.drover.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.drover.plan.Plan;
import io.drover.report.HtmlReport;
import io.drover.report.ReportQueries;
import io.drover.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `drover report (--run=ID | --migration=NAME | --plan=PLAN) [--html=FILE] [--json=FILE]`. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reports on a run from the log tables: outcomes, throughput over time, duration percentiles, failures"
                + " grouped by reason and the trend across runs; as text, a self-contained HTML page with charts, and JSON.")
public class ReportCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static class Which {
        @Option(names = "--run", paramLabel = "ID", description = "The run to report on")
        String runId;

        @Option(names = "--migration", paramLabel = "NAME", description = "Report on the latest run of this migration")
        String migration;

        @Option(names = "--plan", paramLabel = "PLAN", description = "Report on the latest run of every migration of this plan,"
                + " one after another (as text only)")
        String plan;
    }

    @Option(names = "--html", paramLabel = "FILE", description = "Write the report as a self-contained HTML page")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (which.plan != null && (html != null || json != null)) {
            throw new io.drover.DroverConfigException("a plan's report is text; for an HTML page or JSON, report on one"
                    + " migration: " + io.drover.Launcher.hint("report --migration=<name> --html=<file>"));
        }
        try (DroverRuntime runtime = DroverRuntime.start(root.config,
                DroverRuntime.readingNoSource(DroverRuntime.readingDroverTables(DroverRuntime.feedingNoItems())))) {
            if (which.plan != null) {
                ReportQueries queries = new ReportQueries(new JdbcTemplate(runtime.beans().target()), runtime.beans().droverTables());
                for (io.drover.migration.Migration m : Plan.of(runtime.beans().catalog(), which.plan).migrations()) {
                    try {
                        printText(queries.build(null, m.name()));
                    } catch (io.drover.DroverConfigException noRunYet) {
                        root.out.println(m.name() + ": no run yet");
                    }
                }
                return ExitCodes.OK;
            }
            RunReport report = new ReportQueries(new JdbcTemplate(runtime.beans().target()), runtime.beans().droverTables()).build(which.runId, which.migration);
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            if (html != null) {
                Files.writeString(html, new HtmlReport(new ObjectMapper()).render(report));
            }
            if (json != null) {
                mapper.writeValue(json.toFile(), report);
            }
            printText(report);
            return ExitCodes.OK;
        }
    }

    private void printText(RunReport report) {
        RunReport.Run run = report.run();
        root.out.printf(Locale.ROOT, "%s, run %s: %s, %s, %.1f items/s%n", report.migration(), run.runId(), run.status(),
                io.drover.Plural.of(run.items(), "item"), run.itemsPerSecond());
        report.statusCounts().forEach((status, count) -> root.out.printf("  %-10s %8d%n", status, count));
        RunReport.Durations d = report.durations();
        root.out.printf(Locale.ROOT, "Item durations: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %d ms%n", d.p50(), d.p90(), d.p99(), d.max());
        if (!report.failures().isEmpty()) {
            root.out.println("Failures by reason:");
            report.failures().forEach(f -> root.out.printf("  %6d x %s (e.g. item %s)%n", f.items(), f.reason(), f.exampleItem()));
        }
        if (!report.brokenRules().isEmpty()) {
            root.out.println("Quality rules broken:");
            report.brokenRules().forEach(r -> root.out.printf("  %6d x %s: %s (%s)%n", r.items(), r.column(), r.rule(), r.level()));
        }
        root.out.printf("Runs of %s: %d (see --html for the trend)%n", report.migration(), report.runs().size());
    }
}
