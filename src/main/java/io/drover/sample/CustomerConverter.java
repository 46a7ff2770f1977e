package io.drover.sample;

import io.drover.pipeline.ItemConverter;
import io.drover.pipeline.ItemDataException;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.TargetItem;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sample's converter: a legacy customer with its addresses becomes a {@code customer} row (split
 * name, normalized email, E.164 phone, status enum, real timestamp) and its {@code customer_address} rows.
 */
public class CustomerConverter implements ItemConverter {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$");
    // compiled once: String.replaceAll and split compile their pattern at every call, for every value of every item
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern COMMA = Pattern.compile("\\s*,\\s*");
    private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DAY_FIRST = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Map<String, String> STATUS = Map.of("A", "active", "I", "inactive", "S", "suspended");
    private static final Map<String, String> KIND = Map.of("H", "home", "W", "work", "B", "billing");

    @Override
    public TargetItem convert(SourceItem source) {
        long id = ((Number) source.get("id")).longValue();
        String[] name = splitName(source.get("full_name"));
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", id);
        customer.put("first_name", name[0]);
        customer.put("last_name", name[1]);
        customer.put("email", email(source.get("email")));
        customer.put("phone", Phones.toE164("phone", (String) source.get("phone")));
        customer.put("status", status(source.get("status")));
        customer.put("created_at", createdAt(source.get("created_at")));
        TargetItem item = new TargetItem().row("customer", customer);
        for (Map<String, Object> address : source.children("addresses")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", ((Number) address.get("id")).longValue());
            row.put("customer_id", id);
            row.put("kind", code(KIND, "addresses.kind", address.get("kind")));
            row.put("street", trim(address.get("street")));
            row.put("city", trim(address.get("city")));
            row.put("postal_code", trim(address.get("zip")));
            row.put("country", upper(address.get("country")));
            item.row("customer_address", row);
        }
        return item;
    }

    static String[] splitName(Object value) {
        String text = trim(value);
        if (text == null || text.isEmpty()) {
            throw new ItemDataException("full_name", "is required", value);
        }
        if (text.contains(",")) { // "LAST, First"
            String[] parts = COMMA.split(text, 2);
            if (parts[0].isBlank() || parts[1].isBlank()) {
                throw new ItemDataException("full_name", "must hold a first and a last name", value);
            }
            return new String[] {capitalize(parts[1]), capitalize(parts[0])};
        }
        int space = text.lastIndexOf(' ');
        if (space < 0) {
            throw new ItemDataException("full_name", "must hold a first and a last name", value);
        }
        return new String[] {capitalize(text.substring(0, space)), capitalize(text.substring(space + 1))};
    }

    static String email(Object value) {
        String email = trim(value);
        if (email == null || email.isEmpty()) {
            throw new ItemDataException("email", "is required", value);
        }
        email = email.toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            throw new ItemDataException("email", "is not a valid email address", value);
        }
        return email;
    }

    static String status(Object value) {
        return code(STATUS, "status", value);
    }

    static OffsetDateTime createdAt(Object value) {
        String text = trim(value);
        if (text == null || text.isEmpty()) {
            throw new ItemDataException("created_at", "is required", value);
        }
        try {
            if (text.contains("/")) {
                return LocalDate.parse(text, DAY_FIRST).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(text, ISO_LOCAL).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ItemDataException("created_at", "is not a date in the form 'yyyy-MM-dd HH:mm:ss' or 'dd/MM/yyyy'", value);
        }
    }

    private static String code(Map<String, String> codes, String column, Object value) {
        String mapped = value == null ? null : codes.get(value.toString().trim().toUpperCase(Locale.ROOT));
        if (mapped == null) {
            throw new ItemDataException(column, "must be one of the codes " + codes.keySet().stream().sorted().toList(), value);
        }
        return mapped;
    }

    private static String capitalize(String word) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (char c : singleSpaced(word).toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == ' ' || c == '-';
        }
        return out.toString();
    }

    private static String trim(Object value) {
        return value == null ? null : singleSpaced(value.toString().trim());
    }

    /** Every run of whitespace as one space; the regex runs only where there is such a run, which most values lack. */
    private static String singleSpaced(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && isSpace(c) || c == ' ' && i + 1 < text.length() && isSpace(text.charAt(i + 1))) {
                return SPACES.matcher(text).replaceAll(" ");
            }
        }
        return text;
    }

    /** What {@code \s} matches in a regex. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String upper(Object value) {
        String text = trim(value);
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }
}
