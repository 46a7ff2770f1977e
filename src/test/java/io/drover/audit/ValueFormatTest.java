package io.drover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueFormatTest {

    @Test
    void recognizesTheFormatsLegacyColumnsHold() {
        assertThat(ValueFormat.of("  ada.lovelace1@example.com ")).isEqualTo(ValueFormat.EMAIL);
        assertThat(ValueFormat.of("2015-01-04 10:00:00")).isEqualTo(ValueFormat.ISO_DATE);
        assertThat(ValueFormat.of("2024-01-01T00:01:00Z")).isEqualTo(ValueFormat.ISO_DATE);
        assertThat(ValueFormat.of("2024-01-01")).isEqualTo(ValueFormat.ISO_DATE);
        assertThat(ValueFormat.of("02/01/2015")).isEqualTo(ValueFormat.DAY_FIRST_DATE);
        assertThat(ValueFormat.of("31/02/2019")).as("a format, not a validity check").isEqualTo(ValueFormat.DAY_FIRST_DATE);
        assertThat(ValueFormat.of("00031")).isEqualTo(ValueFormat.NUMBER_IN_TEXT);
        assertThat(ValueFormat.of("-12,50")).isEqualTo(ValueFormat.NUMBER_IN_TEXT);
        assertThat(ValueFormat.of("(555) 100-7919")).isEqualTo(ValueFormat.PHONE);
        assertThat(ValueFormat.of("+1 555 102 3757")).isEqualTo(ValueFormat.PHONE);
        assertThat(ValueFormat.of("0044 20 1031 676")).isEqualTo(ValueFormat.PHONE);
    }

    @Test
    void otherTextHasNoFormat() {
        assertThat(ValueFormat.of("Ada Lovelace")).isNull();
        assertThat(ValueFormat.of("12 Main St.")).isNull();
        assertThat(ValueFormat.of("(0)")).as("too few digits for a phone").isNull();
        assertThat(ValueFormat.of("   ")).isNull();
        assertThat(ValueFormat.of("not@an-email")).isNull();
    }
}
