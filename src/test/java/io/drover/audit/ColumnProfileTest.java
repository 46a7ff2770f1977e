package io.drover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnProfileTest {

    @Test
    void countsNullsDistinctValuesAndTheRangeOfNumbers() {
        ColumnProfile profile = new ColumnProfile();
        for (Object value : new Object[] {3, 10L, null, new BigDecimal("-2.5"), 3, null}) {
            profile.add(value);
        }

        AuditReport.Column column = profile.result("amount", false);

        assertThat(column.rows()).isEqualTo(6);
        assertThat(column.nulls()).isEqualTo(2);
        assertThat(column.nullRatio()).isEqualTo(0.3333);
        assertThat(column.distinct()).isEqualTo(3);
        assertThat(column.type()).isEqualTo("number");
        assertThat(column.min()).isEqualTo(new BigDecimal("-2.5"));
        assertThat(column.max()).isEqualTo(new BigDecimal("10"));
        assertThat(column.minLength()).as("no text").isNull();
        assertThat(column.topValues()).first().isEqualTo(new AuditReport.TopValue("3", 2));
    }

    @Test
    void datesAreComparedAsDatesAndTextByItsCharacters() {
        ColumnProfile dates = new ColumnProfile();
        List.of("2024-01-01T00:01:00Z", "2023-12-31T23:59:59.500Z", "2024-01-01T00:00:59Z").forEach(dates::add);
        AuditReport.Column created = dates.result("created", false);
        assertThat(created.type()).isEqualTo("date");
        // as text, "…59.500Z" would sort after "…59Z"; as instants it is the earliest
        assertThat(created.min()).isEqualTo("2023-12-31T23:59:59.500Z");
        assertThat(created.max()).isEqualTo("2024-01-01T00:01:00Z");
        assertThat(created.format().name()).isEqualTo("iso-date");

        ColumnProfile names = new ColumnProfile();
        List.of("Turing", "  Ada ", "Hopper", "Hopper").forEach(names::add);
        AuditReport.Column name = names.result("name", false);
        assertThat(name.type()).isEqualTo("text");
        assertThat(List.of(name.min(), name.max(), name.minLength(), name.maxLength())).containsExactly("  Ada ", "Turing", 6, 6);
        assertThat(name.topValues()).as("values seen once are not top values").containsExactly(new AuditReport.TopValue("Hopper", 2));
        assertThat(name.format()).isNull();
    }

    @Test
    void theDominantFormatIsReportedWithItsShareOfTheValues() {
        ColumnProfile created = new ColumnProfile();
        List.of("02/01/2015", "2015-01-04 10:00:00", "05/01/2015", "31/02/2019", "yesterday").forEach(created::add);
        created.add(null);

        AuditReport.Column column = created.result("created_at", false);

        assertThat(column.type()).isEqualTo("text");
        assertThat(column.format()).isEqualTo(new AuditReport.Format("day-first-date", 3, 0.6));
    }

    @Test
    void aSensitiveColumnShowsNoValue() {
        ColumnProfile phones = new ColumnProfile();
        List.of("555.101.5838", "555.101.5838", "(555) 100-7919").forEach(phones::add);

        AuditReport.Column column = phones.result("phone", true);

        assertThat(column.masked()).isTrue();
        assertThat(List.of(column.min(), column.max())).containsOnly("****");
        assertThat(column.topValues()).extracting(AuditReport.TopValue::value).containsOnly("****");
        assertThat(column.format().name()).isEqualTo("phone");
        assertThat(column.distinct()).isEqualTo(2);
    }
}
