package io.drover.audit;

import static io.drover.report.ChartJs.escape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.report.ChartJs;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders an audit as one self-contained HTML page: every part of the report as tables, and the predicted
 * outcome as a chart drawn by Chart.js, inlined so that the page needs no network.
 */
public final class AuditHtml {

    private final ObjectMapper json;

    public AuditHtml(ObjectMapper json) {
        this.json = json;
    }

    public String render(AuditReport report) {
        StringBuilder html = new StringBuilder(300_000);
        AuditReport.Scope scope = report.scope();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Drover audit: ").append(escape(report.migration())).append("</title>")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}td{white-space:pre-wrap}td.n{text-align:right;white-space:nowrap}")
                .append(".note{color:#555}</style></head>\n<body>\n")
                .append("<h1>Drover audit: ").append(escape(report.migration())).append("</h1>\n")
                .append("<p>Audit <code id=\"audit-id\">").append(escape(report.audit())).append("</code> (")
                .append(escape(report.arguments())).append("), started ").append(escape(report.startedAt()))
                .append(String.format(Locale.ROOT, ", %.1f s: <strong id=\"items-audited\">%d</strong> items audited", report.seconds(),
                        scope.itemsAudited()))
                .append(scope.complete() ? "" : ", <strong id=\"sample\">a sample of the first " + scope.sample() + " ids</strong>")
                .append(".</p>\n");

        AuditReport.Predicted p = report.predicted();
        html.append("<h2>Predicted outcome</h2>\n<p class=\"note\">A dry conversion of every audited item: quality rules, converter,")
                .append(" and the target tables' NOT NULL columns and lengths. Nothing was written.</p>\n")
                .append("<table id=\"predicted\"><tr><th>outcome</th><th>items</th></tr>")
                .append(outcome("MIGRATED", p.migrated())).append(outcome("REJECTED", p.rejected())).append(outcome("FAILED", p.failed()))
                .append("</table>\n<figure><figcaption>Items by predicted outcome</figcaption>")
                .append("<canvas id=\"predicted-chart\" width=\"460\" height=\"260\"></canvas></figure>\n");
        html.append("<h3>Rejected by rule</h3>\n<table id=\"rejected-by-rule\"><tr><th>column</th><th>rule</th><th>items</th><th>examples</th></tr>");
        for (AuditReport.RuleGroup r : p.rejectedByRule()) {
            html.append(row(r.column(), r.rule(), r.items(), String.join(", ", r.exampleItems())));
        }
        html.append("</table>\n<h3>Failed by reason</h3>\n<table id=\"failed-by-reason\"><tr><th>reason</th><th>items</th><th>examples</th></tr>");
        for (AuditReport.ReasonGroup f : p.failedByReason()) {
            html.append(row(f.reason(), f.items(), String.join(", ", f.exampleItems())));
        }
        html.append("</table>\n<h2>Duplicates by business key</h2>\n<table id=\"duplicates\"><tr><th>key</th><th>declared by</th>")
                .append("<th>values held by several items</th><th>items involved</th><th>examples</th></tr>");
        for (AuditReport.Duplicates d : report.duplicates()) {
            html.append(row(d.key(), d.declaredBy(), d.duplicateValues(), d.itemsInvolved(), d.examples().stream()
                    .map(v -> "'" + v.value() + "' (" + v.items() + " items: " + String.join(", ", v.itemIds()) + ")")
                    .collect(Collectors.joining("; "))));
        }
        html.append("</table>\n<h2>Orphan child rows</h2>\n<table id=\"orphans\"><tr><th>child list</th><th>parent key</th><th>rows</th>")
                .append("<th>parent keys</th><th>examples</th><th>note</th></tr>");
        for (AuditReport.Orphans o : report.orphans()) {
            html.append(row(o.child(), o.parentKey(), o.checked() ? o.rows() : "", o.checked() ? o.parents() : "",
                    String.join(", ", o.exampleParentKeys()), o.note()));
        }
        html.append("</table>\n<h2>Profile</h2>\n");
        for (AuditReport.Section section : report.profile()) {
            html.append("<h3>").append(escape(section.name())).append(": ").append(section.rows()).append(" rows</h3>\n")
                    .append("<table class=\"profile\" data-section=\"").append(escape(section.name())).append("\"><tr><th>column</th><th>type</th>")
                    .append("<th>nulls</th><th>null ratio</th><th>distinct</th><th>min</th><th>max</th><th>length</th><th>format</th>")
                    .append("<th>top values</th></tr>");
            for (AuditReport.Column c : section.columns()) {
                html.append(row(c.name(), c.type(), c.nulls(), String.format(Locale.ROOT, "%.2f %%", c.nullRatio() * 100), c.distinct(),
                        c.min() == null ? "" : String.valueOf(c.min()), c.max() == null ? "" : String.valueOf(c.max()),
                        c.minLength() == null ? "" : c.minLength() + " – " + c.maxLength(),
                        c.format() == null ? "" : String.format(Locale.ROOT, "%s (%.1f %%)", c.format().name(), c.format().share() * 100),
                        c.topValues().stream().map(t -> t.value() + " (" + t.count() + ")").collect(Collectors.joining(", "))));
            }
            html.append("</table>\n");
        }
        html.append("<script type=\"application/json\" id=\"drover-data\">").append(data(p)).append("</script>\n")
                .append("<script>").append(ChartJs.source()).append("</script>\n<script>").append(CHART).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static String outcome(String status, long items) {
        return "<tr><td>" + status + "</td><td class=\"n\" data-predicted=\"" + status + "\">" + items + "</td></tr>";
    }

    /** A table row: numbers right-aligned, text escaped, null as an empty cell. */
    private static String row(Object... cells) {
        return "<tr>" + java.util.Arrays.stream(cells).map(c -> c == null ? "<td></td>" : c instanceof Long number
                ? "<td class=\"n\">" + number + "</td>" : "<td>" + escape(c.toString()) + "</td>").collect(Collectors.joining()) + "</tr>";
    }

    /** The numbers for the chart; "</" is escaped so no value can end the script element. */
    private String data(AuditReport.Predicted predicted) {
        try {
            return json.writeValueAsString(predicted).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Draws the chart; the canvas then carries the size of its image, so that a test can see it was drawn. */
    private static final String CHART = """
            const data = JSON.parse(document.getElementById('drover-data').textContent);
            Chart.defaults.animation = false;
            const chart = new Chart(document.getElementById('predicted-chart'), { type: 'bar',
              options: { responsive: false, plugins: { legend: { display: false } } },
              data: { labels: ['MIGRATED', 'REJECTED', 'FAILED'], datasets: [{ label: 'items',
                data: [data.migrated, data.rejected, data.failed], backgroundColor: ['#2e7d32', '#ef6c00', '#c62828'] }] } });
            chart.canvas.dataset.rendered = String(chart.canvas.toDataURL().length);
            document.body.dataset.chartsRendered = '1';
            """;
}
