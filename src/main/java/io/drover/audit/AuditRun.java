package io.drover.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.DroverConfigException;
import io.drover.config.DroverBeans;
import io.drover.migration.IdType;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemConverter;
import io.drover.pipeline.SourceLoader;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * `drover audit`: streams the ids of a migration page by page, loads each page of items (a page ahead,
 * see {@link PageReader}), profiles their columns, predicts each item's outcome with a dry conversion and notes their business keys; then looks
 * for duplicates and orphan child rows, and stores the report in audit_run. Memory holds one page of
 * items and fixed-size sketches, whatever the size of the source. Nothing is written to target tables.
 */
public final class AuditRun {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final CamelContext context;
    private final DroverBeans beans;
    private final PrintStream out;

    public AuditRun(CamelContext context, DroverBeans beans, PrintStream out) {
        this.context = context;
        this.beans = beans;
        this.out = out;
    }

    /** @param sample audit only the first N ids (null: all); @param keys business keys asked for with --key */
    public record Options(Integer sample, List<String> keys) {
    }

    public AuditReport run(String migrationName, Options options, String arguments) {
        Migration migration = beans.catalog().get(migrationName);
        ItemConverter converter = converter(migration);
        beans.validate(migration); // the row check needs every target table's declaration
        List<BusinessKey> keys = BusinessKey.all(migration, options.keys());
        JdbcTemplate target = new JdbcTemplate(beans.target());
        AuditLog log = new AuditLog(target, beans.droverTables(), beans.dialect(), new ObjectMapper());

        UUID auditId = UUID.randomUUID();
        Instant started = Instant.now();
        log.start(auditId, migration.name(), arguments, options.sample(), started);
        out.printf("Auditing %s (audit %s)%s%n", migration.name(), auditId,
                options.sample() == null ? "" : ": the first " + options.sample() + " items only");
        try (DuplicateKeys duplicates = new DuplicateKeys(target, beans.droverTables(), auditId, migration.idType(), keys, migration.sensitiveColumns())) {
            SourceProfile profile = new SourceProfile(migration);
            PredictionTally tally = new PredictionTally();
            DryConversion dry = new DryConversion(migration, converter, beans.quality().environment(), beans.tables());
            PageAuditor pages = new PageAuditor(profile, dry, tally, duplicates);
            Instant[] lastProgress = {started};
            try (PageReader reader = new PageReader(beans.idFeed(), beans.loader(), migration, beans.pageSize(), options.sample())) {
                for (List<SourceLoader.Loaded> page = reader.next(); page != null; page = reader.next()) {
                    pages.audit(page);
                    progress(lastProgress, started, pages.audited());
                }
            }
            duplicates.settleUniqueRules(tally);
            List<AuditReport.Duplicates> duplicated = duplicates.results();
            List<AuditReport.Orphans> orphans = new OrphanRows(beans.loader()).check(migration);
            Instant finished = Instant.now();
            AuditReport report = new AuditReport(auditId.toString(), migration.name(), arguments, started.toString(),
                    finished.toString(), Duration.between(started, finished).toMillis() / 1000.0,
                    new AuditReport.Scope(pages.audited(), options.sample(), options.sample() == null),
                    profile.result(), duplicated, orphans, tally.result());
            log.finish(auditId, report);
            return report;
        } catch (RuntimeException e) {
            log.failed(auditId);
            throw e;
        }
    }

    private ItemConverter converter(Migration migration) {
        return beans.converters().of(migration);
    }

    private void progress(Instant[] last, Instant started, long audited) {
        Instant now = Instant.now();
        if (Duration.between(last[0], now).compareTo(PROGRESS_EVERY) >= 0) {
            last[0] = now;
            double seconds = Duration.between(started, now).toMillis() / 1000.0;
            out.printf(Locale.ROOT, "  %s audited in %.0f s (%.0f items/s)%n", io.drover.Plural.of(audited, "item"), seconds, audited / seconds);
        }
    }

    /** Audits one page of loaded items: profile, predict, note the keys. */
    private static final class PageAuditor {
        private final SourceProfile profile;
        private final DryConversion dry;
        private final PredictionTally tally;
        private final DuplicateKeys duplicates;
        private long audited;

        PageAuditor(SourceProfile profile, DryConversion dry, PredictionTally tally, DuplicateKeys duplicates) {
            this.profile = profile;
            this.dry = dry;
            this.tally = tally;
            this.duplicates = duplicates;
        }

        long audited() {
            return audited;
        }

        void audit(List<SourceLoader.Loaded> page) {
            for (SourceLoader.Loaded loaded : page) {
                audited++;
                String itemId = IdType.key(loaded.id());
                Prediction prediction;
                if (loaded.problem() != null) {
                    prediction = dry.failed(loaded.problem());
                } else {
                    profile.add(loaded.item());
                    prediction = dry.predict(loaded.item());
                }
                tally.add(itemId, prediction);
                duplicates.add(itemId, prediction);
            }
            duplicates.flush();
        }
    }
}
