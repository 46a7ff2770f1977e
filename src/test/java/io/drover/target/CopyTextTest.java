package io.drover.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void aRowIsTabSeparatedWithEscapesAndNullAsBackslashN() {
        StringBuilder out = new StringBuilder();

        CopyText.appendRow(out, new Object[] {"a\tb\nc\rd\\e", null, "\\N", "", 42L, true});

        assertThat(out).hasToString("a\\tb\\nc\\rd\\\\e\t\\N\t\\\\N\t\t42\tt\n");
    }

    @Test
    void valuesAreWrittenAsPostgresReadsThem() {
        assertThat(text(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(text(new byte[] {0, (byte) 0xff, 0x5c})).isEqualTo("\\\\x00ff5c");
        assertThat(text(UUID.fromString("c4ca4238-a0b9-2382-0dcc-509a6f75849b"))).isEqualTo("c4ca4238-a0b9-2382-0dcc-509a6f75849b");
        assertThat(text(LocalDate.of(2019, 2, 3))).isEqualTo("2019-02-03");
        assertThat(text(LocalDateTime.of(2019, 2, 3, 4, 5, 6, 7000))).isEqualTo("2019-02-03T04:05:06.000007");
        assertThat(text(java.sql.Date.valueOf("2000-01-01"))).isEqualTo("2000-01-01");
        // a Timestamp is the JVM's wall-clock time, with the JVM's offset for timestamptz columns
        java.sql.Timestamp timestamp = java.sql.Timestamp.valueOf("2021-10-31 01:30:00");
        OffsetDateTime expected = timestamp.toLocalDateTime().atZone(ZoneId.systemDefault()).toOffsetDateTime();
        assertThat(OffsetDateTime.parse(text(timestamp))).isEqualTo(expected);
    }

    @Test
    void valuesCopyCannotCarryExactlyAreLeftToJdbc() {
        assertThat(CopyText.encodes(LocalDate.of(-44, 3, 15))).isFalse();
        assertThat(CopyText.encodes(LocalDateTime.of(10_000, 1, 1, 0, 0))).isFalse();
        assertThat(CopyText.encodes(new Object())).isFalse();
        assertThat(CopyText.encodes(java.util.List.of("a"))).isFalse();
        assertThat(CopyText.encodes(null)).isTrue();
        assertThat(CopyText.encodes("text")).isTrue();
        assertThat(CopyWriter.canCopy(java.util.List.of(new Object[] {1, "a"}, new Object[] {2, new Object()}))).isFalse();
    }

    private static String text(Object value) {
        StringBuilder out = new StringBuilder();
        CopyText.append(out, value);
        return out.toString();
    }
}
