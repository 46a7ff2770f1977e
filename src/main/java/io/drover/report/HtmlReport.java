package io.drover.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link RunReport} as one self-contained HTML page: the numbers as tables, and three charts
 * drawn by Chart.js, which is inlined from its WebJar so that the page works offline.
 */
public final class HtmlReport {

    private final ObjectMapper json;

    public HtmlReport(ObjectMapper json) {
        this.json = json;
    }

    public String render(RunReport report) {
        RunReport.Run run = report.run();
        StringBuilder html = new StringBuilder(300_000);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Drover report: ").append(e(report.migration())).append(" run ").append(e(run.runId())).append("</title>")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:2em}figure{margin:0}</style></head>\n<body>\n")
                .append("<h1>Drover report: ").append(e(report.migration())).append("</h1>\n")
                .append("<p>Run <code id=\"run-id\">").append(e(run.runId())).append("</code> (").append(e(run.arguments()))
                .append("), <strong id=\"run-status\">").append(e(run.status())).append("</strong>, started ")
                .append(e(run.startedAt())).append(run.finishedAt() == null ? "" : ", finished " + e(run.finishedAt()))
                .append(String.format(Locale.ROOT, ", %.1f items/s", run.itemsPerSecond())).append(". Generated ")
                .append(e(report.generatedAt())).append(".</p>\n");

        html.append("<h2>Outcomes</h2>\n<table id=\"status-counts\"><tr><th>status</th><th>items</th></tr>");
        for (Map.Entry<String, Long> count : report.statusCounts().entrySet()) {
            html.append("<tr><td>").append(e(count.getKey())).append("</td><td class=\"n\" data-status=\"").append(e(count.getKey()))
                    .append("\">").append(count.getValue()).append("</td></tr>");
        }
        RunReport.Durations d = report.durations();
        html.append("</table>\n<h2>Item durations</h2>\n<table id=\"durations\"><tr><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr>")
                .append(String.format(Locale.ROOT, "<tr><td class=\"n\">%.1f ms</td><td class=\"n\">%.1f ms</td><td class=\"n\">%.1f ms</td>"
                        + "<td class=\"n\">%d ms</td></tr></table>\n", d.p50(), d.p90(), d.p99(), d.max()));

        html.append("<div class=\"charts\">")
                .append(figure("status-chart", "Items by outcome"))
                .append(figure("throughput-chart", "Throughput over the run (items/s)"))
                .append(figure("trend-chart", "Trend across runs"))
                .append("</div>\n");

        html.append("<h2>Failures by reason</h2>\n<table id=\"failures\"><tr><th>reason</th><th>items</th><th>example item</th></tr>");
        for (RunReport.FailureGroup failure : report.failures()) {
            html.append("<tr><td>").append(e(failure.reason())).append("</td><td class=\"n\">").append(failure.items())
                    .append("</td><td>").append(e(failure.exampleItem())).append("</td></tr>");
        }
        html.append("</table>\n<h2>Rejects and warnings by quality rule</h2>\n<table id=\"broken-rules\"><tr><th>column</th>"
                + "<th>rule</th><th>level</th><th>items</th></tr>");
        for (RunReport.BrokenRule rule : report.brokenRules()) {
            html.append("<tr><td>").append(e(rule.column())).append("</td><td>").append(e(rule.rule())).append("</td><td>")
                    .append(e(rule.level())).append("</td><td class=\"n\">").append(rule.items()).append("</td></tr>");
        }
        html.append("</table>\n<h2>Runs of ").append(e(report.migration())).append("</h2>\n<table id=\"runs\"><tr><th>run</th><th>started</th>")
                .append("<th>status</th><th>items</th><th>migrated</th><th>unchanged</th><th>failed</th><th>items/s</th></tr>");
        for (RunReport.Run r : report.runs()) {
            html.append("<tr><td><code>").append(e(r.runId())).append("</code></td><td>").append(e(r.startedAt())).append("</td><td>")
                    .append(e(r.status())).append("</td><td class=\"n\">").append(r.items()).append("</td><td class=\"n\">")
                    .append(r.migrated()).append("</td><td class=\"n\">").append(r.unchanged()).append("</td><td class=\"n\">")
                    .append(r.failed()).append(String.format(Locale.ROOT, "</td><td class=\"n\">%.1f</td></tr>", r.itemsPerSecond()));
        }
        html.append("</table>\n<script type=\"application/json\" id=\"drover-data\">").append(data(report)).append("</script>\n")
                .append("<script>").append(chartJs()).append("</script>\n<script>").append(CHARTS).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static String figure(String id, String caption) {
        return "<figure><figcaption>" + caption + "</figcaption><canvas id=\"" + id + "\" width=\"460\" height=\"280\"></canvas></figure>";
    }

    /** The report's numbers for the charts; "</" is escaped so no value can end the script element. */
    private String data(RunReport report) {
        try {
            return json.writeValueAsString(report).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String chartJs() {
        return ChartJs.source();
    }

    private static String e(String text) {
        return ChartJs.escape(text);
    }

    /** Draws the three charts; each canvas then carries the size of its image, so a test can see it was drawn. */
    private static final String CHARTS = """
            const data = JSON.parse(document.getElementById('drover-data').textContent);
            Chart.defaults.animation = false;
            const fixed = { responsive: false };
            const charts = [
              new Chart(document.getElementById('status-chart'), { type: 'bar', options: { ...fixed, plugins: { legend: { display: false } } },
                data: { labels: Object.keys(data.statusCounts), datasets: [{ label: 'items', data: Object.values(data.statusCounts),
                  backgroundColor: ['#2e7d32', '#90a4ae', '#c62828', '#ef6c00', '#1565c0'] }] } }),
              new Chart(document.getElementById('throughput-chart'), { type: 'line', options: fixed,
                data: { labels: data.throughput.map(b => b.second + ' s'),
                  datasets: [{ label: 'items/s', data: data.throughput.map(b => b.itemsPerSecond), borderColor: '#1565c0' }] } }),
              new Chart(document.getElementById('trend-chart'), { type: 'line',
                options: { ...fixed, scales: { y: { position: 'left' }, failed: { position: 'right' } } },
                data: { labels: data.runs.map(r => r.startedAt.substring(0, 16).replace('T', ' ')),
                  datasets: [{ label: 'items/s', data: data.runs.map(r => r.itemsPerSecond), borderColor: '#2e7d32', yAxisID: 'y' },
                             { label: 'failed items', data: data.runs.map(r => r.failed), borderColor: '#c62828', yAxisID: 'failed' }] } })
            ];
            for (const chart of charts) { chart.canvas.dataset.rendered = String(chart.canvas.toDataURL().length); }
            document.body.dataset.chartsRendered = String(charts.length);
            """;
}
