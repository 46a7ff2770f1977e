package io.drover.audit;

import io.drover.Plural;
import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints an audit report for a terminal: the profile as one table per section, then duplicates, orphans and the prediction. */
public final class AuditText {

    private static final int SHOWN = 24;

    private final PrintStream out;

    public AuditText(PrintStream out) {
        this.out = out;
    }

    public void print(AuditReport report) {
        AuditReport.Scope scope = report.scope();
        out.printf(Locale.ROOT, "%s: %s audited in %.1f s%s.%n", report.migration(), Plural.of(scope.itemsAudited(), "item"), report.seconds(),
                scope.complete() ? "" : " (a sample: the first " + scope.sample() + " ids; orphans are counted over the whole source)");
        for (AuditReport.Section section : report.profile()) {
            out.printf("%nProfile of %s: %s%n", section.name(), Plural.of(section.rows(), "row"));
            out.printf("  %-16s %-7s %15s %9s  %-55s %-9s %-22s %s%n", "column", "type", "nulls", "distinct", "min .. max", "length",
                    "format", "top values");
            for (AuditReport.Column c : section.columns()) {
                out.printf(Locale.ROOT, "  %-16s %-7s %7d (%4.1f%%) %9d  %-55s %-9s %-22s %s%n", cut(c.name(), 16), c.type(), c.nulls(),
                        c.nullRatio() * 100, c.distinct(), range(c), c.minLength() == null ? "" : c.minLength() + ".." + c.maxLength(),
                        c.format() == null ? "" : String.format(Locale.ROOT, "%s %.0f%%", c.format().name(), c.format().share() * 100),
                        c.topValues().stream().limit(3).map(t -> shown(c, t.value()) + " " + t.count()).collect(Collectors.joining(", ")));
            }
        }
        out.printf("%nDuplicates by business key:%s%n", report.duplicates().isEmpty() ? " none declared (unique rule or --key)" : "");
        for (AuditReport.Duplicates d : report.duplicates()) {
            out.printf("  %s (%s): %s held by more than one item, %s involved%s%n", d.key(), d.declaredBy(),
                    Plural.of(d.duplicateValues(), "value"), Plural.of(d.itemsInvolved(), "item"), d.examples().isEmpty() ? "" : ", e.g.");
            for (AuditReport.DuplicateValue v : d.examples().stream().limit(3).toList()) {
                out.printf("    '%s' held by %s: %s%n", cut(v.value(), 60), Plural.of(v.items(), "item"), String.join(", ", v.itemIds()));
            }
        }
        out.printf("%nOrphan child rows (parent key not among the item ids):%s%n", report.orphans().isEmpty() ? " no child lists" : "");
        for (AuditReport.Orphans o : report.orphans()) {
            if (!o.checked()) {
                out.printf("  %s: %s%n", o.child(), o.note());
            } else {
                out.printf("  %s: %s whose %s is no item id%s%s%n", o.child(), Plural.of(o.rows(), "row"), o.parentKey(),
                        o.exampleParentKeys().isEmpty() ? "" : " (" + o.parents() + " distinct, e.g. " + String.join(", ", o.exampleParentKeys()) + ")",
                        o.note() == null ? "" : "; " + o.note());
            }
        }
        AuditReport.Predicted p = report.predicted();
        out.printf("%nPredicted outcome: %d MIGRATED, %d REJECTED, %d FAILED%n", p.migrated(), p.rejected(), p.failed());
        for (AuditReport.RuleGroup r : p.rejectedByRule()) {
            out.printf("  REJECTED %6d x %s: %s (e.g. %s)%n", r.items(), r.column(), r.rule(), String.join(", ", r.exampleItems()));
        }
        for (AuditReport.ReasonGroup f : p.failedByReason()) {
            out.printf("  FAILED   %6d x %s (e.g. %s)%n", f.items(), f.reason(), String.join(", ", f.exampleItems()));
        }
        out.printf("Audit %s is stored in audit_run; --json and --html write the whole report.%n", report.audit());
    }

    private static String range(AuditReport.Column c) {
        if (c.min() == null) {
            return "";
        }
        return shown(c, c.min()) + " .. " + shown(c, c.max());
    }

    /** Text in quotes, so that the padding of legacy values shows; numbers, dates and masked values as they are. */
    private static String shown(AuditReport.Column column, Object value) {
        String text = cut(String.valueOf(value), SHOWN);
        boolean quoted = !column.masked() && (column.type().equals("text") || column.type().equals("mixed"));
        return quoted ? "'" + text + "'" : text;
    }

    private static String cut(String text, int max) {
        String oneLine = text == null ? "NULL" : text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > max ? oneLine.substring(0, max - 1) + "…" : oneLine;
    }
}
