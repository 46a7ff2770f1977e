package io.drover.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import io.drover.pipeline.ItemDataException;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.TargetItem;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerConverterTest {

    private final CustomerConverter converter = new CustomerConverter();

    @Test
    void convertsACustomerWithItsAddressesValueByValue() {
        // given
        Map<String, Object> root = customer("  Ada   Lovelace ", "  Ada.Lovelace@Example.COM ", "(555) 123-4567", "A",
                "2019-03-04 10:11:12");
        List<Map<String, Object>> addresses = List.of(
                address(11, "h", "  12   St James  Square ", " London ", " SW1Y 4JH ", "gb"),
                address(12, "W", "1 Main Street", "Berlin", "10115", "De"),
                address(13, "b", "3 Rue X", "Lyon", "69001", "fr"));

        // when
        TargetItem item = converter.convert(new SourceItem(7L, root, Map.of("addresses", addresses)));

        // then
        assertThat(item.asMap()).containsOnlyKeys("customer", "customer_address");
        assertThat(item.rows("customer")).singleElement().satisfies(customer -> assertThat(customer).containsExactly(
                entry("id", 7L),
                entry("first_name", "Ada"),
                entry("last_name", "Lovelace"),
                entry("email", "ada.lovelace@example.com"),
                entry("phone", "+15551234567"),
                entry("status", "active"),
                entry("created_at", OffsetDateTime.of(2019, 3, 4, 10, 11, 12, 0, ZoneOffset.UTC))));
        assertThat(item.rows("customer_address")).hasSize(3);
        assertThat(item.rows("customer_address").get(0)).containsExactly(
                entry("id", 11L),
                entry("customer_id", 7L),
                entry("kind", "home"),
                entry("street", "12 St James Square"),
                entry("city", "London"),
                entry("postal_code", "SW1Y 4JH"),
                entry("country", "GB"));
        assertThat(item.rows("customer_address")).extracting(a -> a.get("kind"))
                .containsExactly("home", "work", "billing");
        assertThat(item.rows("customer_address")).extracting(a -> a.get("country"))
                .containsExactly("GB", "DE", "FR");
        assertThat(item.rows("customer_address")).extracting(a -> a.get("customer_id"))
                .containsOnly(7L);
    }

    @Test
    void aCustomerWithoutAddressesBecomesOnlyACustomerRow() {
        // when
        TargetItem item = converter.convert(new SourceItem(8L, customer("Grace Hopper", "grace@navy.mil", null, "I",
                "04/03/2019"), Map.of()));

        // then
        assertThat(item.rows("customer")).hasSize(1);
        assertThat(item.rows("customer_address")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '  Ada   Lovelace '      | Ada            | Lovelace
            'LOVELACE, Ada'          | Ada            | Lovelace
            'LOVELACE ,   ada'       | Ada            | Lovelace
            ada lovelace             | Ada            | Lovelace
            tim berners-lee          | Tim            | Berners-Lee
            'BERNERS-LEE, Tim'       | Tim            | Berners-Lee
            grace brewster hopper    | Grace Brewster | Hopper
            'grace\tbrewster \n hopper' | Grace Brewster | Hopper
            """)
    void splitsAndCapitalizesNames(String fullName, String first, String last) {
        // when
        Map<String, Object> customer = convertCustomer(customer(fullName, "a@example.com", null, "A", "04/03/2019"));

        // then
        assertThat(customer).contains(entry("first_name", first), entry("last_name", last));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ' Ada@Example.COM '          | ada@example.com
            ADA.LOVELACE@MAIL.EXAMPLE.ORG | ada.lovelace@mail.example.org
            """)
    void trimsAndLowercasesEmails(String email, String expected) {
        assertThat(convertCustomer(customer("Ada Lovelace", email, null, "A", "04/03/2019")))
                .containsEntry("email", expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '(555) 123-4567'      | +15551234567
            555.123.4567          | +15551234567
            '+1 555 123 4567'     | +15551234567
            '0044 20 7946 0123'   | +442079460123
            '  555-123-4567  '    | +15551234567
            """)
    void normalizesPhonesToE164(String phone, String expected) {
        assertThat(convertCustomer(customer("Ada Lovelace", "a@example.com", phone, "A", "04/03/2019")))
                .containsEntry("phone", expected);
    }

    @Test
    void aMissingPhoneStaysNull() {
        assertThat(convertCustomer(customer("Ada Lovelace", "a@example.com", null, "A", "04/03/2019")))
                .containsEntry("phone", null);
        assertThat(convertCustomer(customer("Ada Lovelace", "a@example.com", "   ", "A", "04/03/2019")))
                .containsEntry("phone", null);
    }

    @ParameterizedTest
    @CsvSource({"A, active", "I, inactive", "S, suspended", "a, active", "' s ', suspended"})
    void mapsStatusCodes(String code, String expected) {
        assertThat(convertCustomer(customer("Ada Lovelace", "a@example.com", null, code, "04/03/2019")))
                .containsEntry("status", expected);
    }

    @Test
    void readsCreatedAtInBothLegacyFormatsAsUtc() {
        assertThat(convertCustomer(customer("Ada Lovelace", "a@example.com", null, "A", "2019-03-04 10:11:12")))
                .containsEntry("created_at", OffsetDateTime.of(2019, 3, 4, 10, 11, 12, 0, ZoneOffset.UTC));
        assertThat(convertCustomer(customer("Ada Lovelace", "a@example.com", null, "A", "04/03/2019")))
                .containsEntry("created_at", OffsetDateTime.of(2019, 3, 4, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(convertCustomer(customer("Ada Lovelace", "a@example.com", null, "A", " 29/02/2020 ")))
                .containsEntry("created_at", OffsetDateTime.of(2020, 2, 29, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void aMissingFullNameIsReported() {
        ItemDataException e = failure(customer(null, "a@example.com", null, "A", "04/03/2019"));

        assertThat(e.column()).isEqualTo("full_name");
        assertThat(e).hasMessage("column 'full_name' is required (value: NULL)");
        assertThat(failure(customer("   ", "a@example.com", null, "A", "04/03/2019")))
                .hasMessage("column 'full_name' is required (value: '   ')");
    }

    @Test
    void aSingleWordNameIsReported() {
        ItemDataException e = failure(customer("Lovelace", "a@example.com", null, "A", "04/03/2019"));

        assertThat(e.column()).isEqualTo("full_name");
        assertThat(e.rule()).isEqualTo("must hold a first and a last name");
        assertThat(e).hasMessage("column 'full_name' must hold a first and a last name (value: 'Lovelace')");
    }

    @Test
    void aMissingEmailIsReported() {
        ItemDataException e = failure(customer("Ada Lovelace", null, null, "A", "04/03/2019"));

        assertThat(e.column()).isEqualTo("email");
        assertThat(e).hasMessage("column 'email' is required (value: NULL)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ada@example
            ada.example.com
            ada@@example.com
            ada lovelace@example.com
            ada@example.c
            """)
    void anInvalidEmailIsReported(String email) {
        ItemDataException e = failure(customer("Ada Lovelace", email, null, "A", "04/03/2019"));

        assertThat(e.column()).isEqualTo("email");
        assertThat(e).hasMessage("column 'email' is not a valid email address (value: '" + email + "')");
    }

    @Test
    void anUnknownStatusIsReportedWithTheKnownCodes() {
        ItemDataException e = failure(customer("Ada Lovelace", "a@example.com", null, "X", "04/03/2019"));

        assertThat(e.column()).isEqualTo("status");
        assertThat(e).hasMessageContaining("column 'status' must be one of the codes [A, I, S] (value: 'X')");
        assertThat(failure(customer("Ada Lovelace", "a@example.com", null, null, "04/03/2019")))
                .hasMessage("column 'status' must be one of the codes [A, I, S] (value: NULL)");
    }

    @ParameterizedTest
    @CsvSource({"31/02/2019", "2019-02-30 10:00:00", "2019-03-04T10:11:12", "4/3/2019", "yesterday", "2019-03-04"})
    void anImpossibleOrUnreadableDateIsReported(String createdAt) {
        ItemDataException e = failure(customer("Ada Lovelace", "a@example.com", null, "A", createdAt));

        assertThat(e.column()).isEqualTo("created_at");
        assertThat(e).hasMessage("column 'created_at' is not a date in the form 'yyyy-MM-dd HH:mm:ss' or 'dd/MM/yyyy'"
                + " (value: '" + createdAt + "')");
    }

    @Test
    void aMissingCreatedAtIsReported() {
        assertThat(failure(customer("Ada Lovelace", "a@example.com", null, "A", null)))
                .hasMessage("column 'created_at' is required (value: NULL)");
    }

    @Test
    void anUnreadablePhoneIsReported() {
        ItemDataException e = failure(customer("Ada Lovelace", "a@example.com", "12345", "A", "04/03/2019"));

        assertThat(e.column()).isEqualTo("phone");
        assertThat(e).hasMessage("column 'phone' is not a phone number Drover can read as E.164 (value: '12345')");
    }

    @Test
    void anUnknownAddressKindIsReported() {
        // given
        SourceItem source = new SourceItem(7L, customer("Ada Lovelace", "a@example.com", null, "A", "04/03/2019"),
                Map.of("addresses", List.of(address(11, "Q", "1 Main Street", "Berlin", "10115", "de"))));

        // when
        ItemDataException e = catchThrowableOfType(ItemDataException.class, () -> converter.convert(source));

        // then
        assertThat(e.column()).isEqualTo("addresses.kind");
        assertThat(e).hasMessage("column 'addresses.kind' must be one of the codes [B, H, W] (value: 'Q')");
    }

    private Map<String, Object> convertCustomer(Map<String, Object> root) {
        return converter.convert(new SourceItem(root.get("id"), root, Map.of())).rows("customer").get(0);
    }

    private ItemDataException failure(Map<String, Object> root) {
        ItemDataException e = catchThrowableOfType(ItemDataException.class,
                () -> converter.convert(new SourceItem(root.get("id"), root, Map.of())));
        assertThat(e).as("conversion of %s must fail", root).isNotNull();
        return e;
    }

    static Map<String, Object> customer(String fullName, String email, String phone, String status, String createdAt) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", 7);
        row.put("full_name", fullName);
        row.put("email", email);
        row.put("phone", phone);
        row.put("status", status);
        row.put("created_at", createdAt);
        return row;
    }

    static Map<String, Object> address(long id, String kind, String street, String city, String zip, String country) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("customer_id", 7);
        row.put("kind", kind);
        row.put("street", street);
        row.put("city", city);
        row.put("zip", zip);
        row.put("country", country);
        return row;
    }

    @org.junit.jupiter.api.Test
    void aCommaNameWithoutOneOfItsPartsIsRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CustomerConverter.splitName("LOVELACE,"))
                .isInstanceOf(io.drover.pipeline.ItemDataException.class)
                .hasMessage("column 'full_name' must hold a first and a last name (value: 'LOVELACE,')");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CustomerConverter.splitName(", Ada"))
                .hasMessageContaining("must hold a first and a last name");
    }

    @org.junit.jupiter.api.Test
    void anUnknownStatusIsReportedAsTheSourceHeldIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CustomerConverter.status("x"))
                .hasMessage("column 'status' must be one of the codes [A, I, S] (value: 'x')");
        org.assertj.core.api.Assertions.assertThat(CustomerConverter.status("a")).isEqualTo("active");
    }
}
