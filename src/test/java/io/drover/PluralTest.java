package io.drover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {

    @Test
    void oneIsSingularEverythingElsePlural() {
        assertThat(Plural.of(1, "item")).isEqualTo("1 item");
        assertThat(Plural.of(0, "item")).isEqualTo("0 items");
        assertThat(Plural.of(2, "row")).isEqualTo("2 rows");
        assertThat(Plural.of(1, "address", "addresses")).isEqualTo("1 address");
        assertThat(Plural.of(3000, "address", "addresses")).isEqualTo("3000 addresses");
    }
}
