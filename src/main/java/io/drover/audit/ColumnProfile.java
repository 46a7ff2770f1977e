package io.drover.audit;

import io.drover.migration.IdType;
import io.drover.pipeline.Masking;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;

/**
 * The profile of one source column, built one value at a time in fixed memory: counts, min/max, text
 * lengths and formats exactly; distinct values with an HLL sketch and top values with a frequent-items
 * sketch, whose sizes do not grow with the number of rows.
 */
final class ColumnProfile {

    static final int TOP_VALUES = 5;
    /** Values longer than this are counted for top values by their beginning, so that the sketch stays small. */
    private static final int COUNTED_CHARACTERS = 200;
    /** 2^16 buckets: about 0.4 % standard error, practically exact up to some ten thousand values, 32 kB per column. */
    private static final int HLL_LG_K = 16;
    /** Up to 0.75 × 256 values are counted exactly, which covers codes and statuses. */
    private static final int FREQUENT_MAP_SIZE = 256;

    private long rows;
    private long nulls;
    private final HllSketch distinct = new HllSketch(HLL_LG_K);
    private final ItemsSketch<String> frequent = new ItemsSketch<>(FREQUENT_MAP_SIZE);
    private long numbers;
    private BigDecimal minNumber;
    private BigDecimal maxNumber;
    private long booleans;
    private long texts;
    private String minText;
    private String maxText;
    private int minLength = Integer.MAX_VALUE;
    private int maxLength = -1;
    private long dates;
    private Instant minDate;
    private String minDateText;
    private Instant maxDate;
    private String maxDateText;
    private final Map<ValueFormat, Long> formats = new EnumMap<>(ValueFormat.class);

    void add(Object value) {
        rows++;
        if (value == null) {
            nulls++;
            return;
        }
        String canonical = value instanceof Number ? IdType.key(value) : value.toString();
        distinct.update(canonical);
        frequent.update(canonical.length() > COUNTED_CHARACTERS ? canonical.substring(0, COUNTED_CHARACTERS) + "…" : canonical);
        if (value instanceof Number) {
            numbers++;
            BigDecimal number = decimal(canonical);
            if (number != null) {
                minNumber = minNumber == null || number.compareTo(minNumber) < 0 ? number : minNumber;
                maxNumber = maxNumber == null || number.compareTo(maxNumber) > 0 ? number : maxNumber;
            }
        } else if (value instanceof Boolean) {
            booleans++;
        } else {
            text(canonical);
        }
    }

    private void text(String text) {
        texts++;
        minText = minText == null || text.compareTo(minText) < 0 ? text : minText;
        maxText = maxText == null || text.compareTo(maxText) > 0 ? text : maxText;
        int length = text.codePointCount(0, text.length());
        minLength = Math.min(minLength, length);
        maxLength = Math.max(maxLength, length);
        ValueFormat format = ValueFormat.of(text);
        if (format != null) {
            formats.merge(format, 1L, Long::sum);
        }
        // dates arrive as ISO text (the loader turns driver types into JSON-ready values): compare them as instants
        Instant date = instant(text);
        if (date != null) {
            dates++;
            if (minDate == null || date.isBefore(minDate)) {
                minDate = date;
                minDateText = text;
            }
            if (maxDate == null || date.isAfter(maxDate)) {
                maxDate = date;
                maxDateText = text;
            }
        }
    }

    AuditReport.Column result(String name, boolean sensitive) {
        long present = rows - nulls;
        String type = present == 0 ? "empty" : numbers == present ? "number" : booleans == present ? "boolean"
                : dates == present ? "date" : texts == present ? "text" : "mixed";
        Object min = switch (type) {
            case "number" -> minNumber;
            case "date" -> minDateText;
            case "text", "mixed" -> minText;
            default -> null;
        };
        Object max = switch (type) {
            case "number" -> maxNumber;
            case "date" -> maxDateText;
            case "text", "mixed" -> maxText;
            default -> null;
        };
        List<AuditReport.TopValue> top = new ArrayList<>();
        Arrays.stream(frequent.getFrequentItems(ErrorType.NO_FALSE_POSITIVES))
                .filter(r -> r.getEstimate() > 1) // in a column of unique values, no value is "top"
                .sorted(Comparator.comparingLong((ItemsSketch.Row<String> r) -> -r.getEstimate()).thenComparing(ItemsSketch.Row::getItem))
                .limit(TOP_VALUES)
                .forEach(r -> top.add(new AuditReport.TopValue(sensitive ? Masking.MASK : r.getItem(), r.getEstimate())));
        AuditReport.Format format = formats.entrySet().stream()
                .max(Map.Entry.<ValueFormat, Long>comparingByValue().thenComparing(e -> -e.getKey().ordinal()))
                .map(e -> new AuditReport.Format(e.getKey().label(), e.getValue(), ratio(e.getValue(), present)))
                .orElse(null);
        return new AuditReport.Column(name, rows, nulls, ratio(nulls, rows), Math.min(present, Math.round(distinct.getEstimate())), type,
                sensitive && min != null ? Masking.MASK : min, sensitive && max != null ? Masking.MASK : max,
                texts == 0 ? null : minLength, texts == 0 ? null : maxLength, top, format, sensitive);
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notFinite) {
            return null; // NaN and Infinity have no place on the number line
        }
    }

    /** The instant of an ISO date or date-time text, or null for any other text. */
    static Instant instant(String text) {
        if (text.length() < 10 || text.length() > 40 || !Character.isDigit(text.charAt(0)) || text.charAt(4) != '-') {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            String iso = text.replace(' ', 'T');
            if (iso.endsWith("Z")) {
                return Instant.parse(iso);
            }
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException local) {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
