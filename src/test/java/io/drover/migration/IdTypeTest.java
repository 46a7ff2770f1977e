package io.drover.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverConfigException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IdTypeTest {

    @Test
    void numberIdsArriveAsLong() {
        assertThat(IdType.NUMBER.parse("42")).isEqualTo(42L);
        assertThat(IdType.NUMBER.parse(" 42\n")).isEqualTo(42L);
        assertThat(IdType.NUMBER.parse("007")).isEqualTo(7L);
        assertThat(IdType.NUMBER.parse("-3")).isEqualTo(-3L);
        assertThat(IdType.NUMBER.parse(42)).isEqualTo(42L);
        assertThat(IdType.NUMBER.parse(BigInteger.valueOf(9_000_000_000L))).isEqualTo(9_000_000_000L);
    }

    @Test
    void aNumberIdThatCannotBeReadStaysText() {
        assertThat(IdType.NUMBER.parse("abc")).isEqualTo("abc");
        assertThat(IdType.NUMBER.parse("12a")).isEqualTo("12a");
        assertThat(IdType.NUMBER.parse("99999999999999999999")).isEqualTo("99999999999999999999");
    }

    @Test
    void theErrorOfAnIdThatIsNoLongSaysWhy() {
        assertThat(IdType.notANumber("99999999999999999999")).startsWith("is a whole number beyond the 64-bit range")
                .contains("idType text");
        assertThat(IdType.notANumber(new java.math.BigDecimal("123456789012345678901234567890"))).startsWith("is a whole number beyond");
        assertThat(IdType.notANumber("12a")).isEqualTo("must be a number (idType number)");
        assertThat(IdType.notANumber("1.5")).isEqualTo("must be a number (idType number)");
    }

    @Test
    void textIdsArriveAsStringsUnchanged() {
        assertThat(IdType.TEXT.parse("007")).isEqualTo("007");
        assertThat(IdType.TEXT.parse(42)).isEqualTo("42");
        assertThat(IdType.TEXT.parse("CUST-1")).isEqualTo("CUST-1");
    }

    @Test
    void readsTheDeclaredTypeIgnoringCaseAndWhitespace() {
        assertThat(IdType.of("m", "number")).isEqualTo(IdType.NUMBER);
        assertThat(IdType.of("m", " TEXT ")).isEqualTo(IdType.TEXT);
        assertThat(IdType.of("m", "Text")).isEqualTo(IdType.TEXT);
    }

    @Test
    void anUnknownTypeIsRejectedWithTheChoices() {
        assertThatThrownBy(() -> IdType.of("customers", "uuid"))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'customers': idType 'uuid' is unknown; use 'number' or 'text'");
        assertThatThrownBy(() -> IdType.of("customers", ""))
                .isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'customers': idType '' is unknown; use 'number' or 'text'");
    }

    @org.junit.jupiter.api.Test
    void aFractionalNumberIsNotTruncatedIntoAnotherItem() {
        org.assertj.core.api.Assertions.assertThat(IdType.NUMBER.parse(new java.math.BigDecimal("1.9"))).isEqualTo("1.9");
        org.assertj.core.api.Assertions.assertThat(IdType.NUMBER.parse(new java.math.BigDecimal("7"))).isEqualTo(7L);
    }
}
