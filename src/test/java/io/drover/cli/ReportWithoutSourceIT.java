package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.sample.SampleData;
import io.drover.testing.Drover;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drover report` reads only Drover's tables in the target: it opens no connection to the source, so it
 * answers while the source is down (after the cut-over, say), where `status`, which counts the source's
 * items, says which database it cannot reach.
 */
class ReportWithoutSourceIT {

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;

    @AfterEach
    void dropDatabases() {
        TestDatabase.closeAll(source, target);
    }

    @Test
    void aReportNeedsNoSource() throws Exception {
        // given: a migration run, then its source gone
        source = TestDatabase.postgres("report_nosrc_src");
        target = TestDatabase.postgres("report_nosrc_tgt");
        SampleData.createSource(source.dataSource(), 30);
        SampleData.createTarget(target.dataSource());
        Drover.Result migrated = Drover.configure(dir.resolve("before"), source, target).run("migrate", "customers", "--all");
        assertThat(migrated.out()).as(migrated.toString()).contains("customers: 30 items in");
        Drover gone = Drover.configure(dir.resolve("after"), "jdbc:postgresql://127.0.0.1:1/gone", "postgres", "",
                target.url(), target.user(), target.password(), Map.of());

        // when
        Drover.Result report = gone.run("report", "--migration=customers");
        Drover.Result status = gone.run("status", "customers");

        // then
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("customers");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
        assertThat(status.err()).contains("cannot connect to the source database jdbc:postgresql://127.0.0.1:1/gone");
    }
}
