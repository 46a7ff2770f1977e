package io.drover.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.pipeline.ItemDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhonesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '(555) 123-4567'      | +15551234567
            555.123.4567          | +15551234567
            5551234567            | +15551234567
            '+1 555 123 4567'     | +15551234567
            '0044 20 7946 0123'   | +442079460123
            '+44 (20) 7946-0123'  | +442079460123
            """)
    void normalizesToE164(String phone, String expected) {
        assertThat(Phones.toE164("phone", phone)).isEqualTo(expected);
    }

    @Test
    void nullAndBlankMeanNoPhone() {
        assertThat(Phones.toE164("phone", null)).isNull();
        assertThat(Phones.toE164("phone", " \t ")).isNull();
    }

    @Test
    void aNumberOfUnknownShapeNamesTheColumnAndKeepsTheRawValue() {
        assertThatThrownBy(() -> Phones.toE164("mobile", " 12345 "))
                .isInstanceOfSatisfying(ItemDataException.class, e -> assertThat(e.column()).isEqualTo("mobile"))
                .hasMessage("column 'mobile' is not a phone number Drover can read as E.164 (value: ' 12345 ')");
    }

    @ParameterizedTest
    @CsvSource({"+0 555 123 4567", "+1 23", "0012345678901234567", "555-CALL-NOW"})
    void aNumberThatIsNotValidE164IsRejected(String phone) {
        assertThatThrownBy(() -> Phones.toE164("phone", phone))
                .isInstanceOf(ItemDataException.class)
                .hasMessage("column 'phone' is not a valid E.164 phone number (value: '" + phone + "')");
    }

    @org.junit.jupiter.api.Test
    void theUkTrunkPrefixInBracketsIsDropped() {
        org.assertj.core.api.Assertions.assertThat(Phones.toE164("phone", "+44 (0)20 7946 0123")).isEqualTo("+442079460123");
    }
}
