package io.drover.mapping;

import io.drover.pipeline.ItemDataException;
import io.drover.target.Bytes;
import io.drover.target.ColumnCoercion;
import io.drover.target.ColumnType;
import io.drover.target.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Coerces a converted value to its target column's type, the same for every converter and every path
 * (item by item, bulk COPY, dry run, verify): what a MariaDB or MySQL source hands over (a YEAR as the
 * date of its first of January, TINYINT(1) as a Boolean, an unsigned BIGINT as a BigInteger, a SET as
 * 'a,b') reaches a PostgreSQL integer, boolean, numeric or text[] column as the same value; enum labels
 * are checked and domains are coerced by their base type. A value that cannot be coerced fails its
 * item, naming the table and column, the value's type, the column's type and the value.
 */
public final class TargetTypeCoercion implements ColumnCoercion {

    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");
    /** How JdbcValues writes a java.sql.Date of a YEAR column: its first of January. */
    private static final Pattern YEAR_AS_DATE = Pattern.compile("(\\d{4})-01-01");
    private static final Set<String> TRUE = Set.of("1", "t", "true", "y", "yes", "on");
    private static final Set<String> FALSE = Set.of("0", "f", "false", "n", "no", "off");

    /** Why a value cannot be coerced; turned into the item's ItemDataException with the column named. */
    private static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    @Override
    public Object coerce(TableSchema table, TableSchema.Column column, Object value) {
        if (value == null || column == null || value instanceof Bytes || value instanceof byte[]) {
            return value;
        }
        ColumnType type = table.columnType(column.name());
        String base = (type != null ? type.base() : String.valueOf(column.type())).toLowerCase(Locale.ROOT);
        try {
            if (type != null && type.enumLabels() != null) {
                return label(value, type.enumLabels());
            }
            if (type != null && type.elementName() != null) {
                return arrayLiteral(value);
            }
            return switch (base) {
                case "int2", "smallint", "tinyint" -> (short) whole(value, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
                case "int4", "integer", "int" -> (int) whole(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
                case "int8", "bigint" -> whole(value, Long.MIN_VALUE, Long.MAX_VALUE, "bigint");
                case "numeric", "decimal" -> decimal(value);
                case "bool", "boolean" -> bool(value);
                case "date" -> date(value);
                case "timestamp" -> timestamp(value);
                case "bpchar" -> padded(value, column.maxLength());
                default -> value;
            };
        } catch (Refusal refusal) {
            String targetType = type != null ? type.describe() : column.declaredType();
            throw new ItemDataException(column.name(), "cannot be stored in " + table.table() + "." + column.name() + " of type "
                    + targetType + ": " + kindOf(value) + " value " + refusal.getMessage(), value);
        }
    }

    private static Object label(Object value, List<String> labels) {
        String text = value instanceof String s ? s : value instanceof Boolean || value instanceof Number ? value.toString() : null;
        if (text == null || !labels.contains(text)) {
            throw new Refusal("is not one of the enum's labels " + labels);
        }
        return text;
    }

    /** A PostgreSQL array literal from a delimited text ('a,b', as MySQL gives a SET, members in order) or a list. */
    private static Object arrayLiteral(Object value) {
        List<?> elements;
        if (value instanceof String text) {
            if (text.startsWith("{")) {
                return text; // already an array literal (from a PostgreSQL source, or written so by a converter)
            }
            elements = text.isEmpty() ? List.of() : Arrays.asList(text.split(",", -1));
        } else if (value instanceof Collection<?> list) {
            elements = new ArrayList<>(list);
        } else if (value instanceof Object[] array) {
            elements = Arrays.asList(array);
        } else {
            throw new Refusal("is neither a delimited text nor a list, which an array column takes");
        }
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < elements.size(); i++) {
            Object element = elements.get(i);
            literal.append(i == 0 ? "" : ",");
            if (element == null) {
                literal.append("NULL");
            } else {
                literal.append('"').append(element.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return literal.append('}').toString();
    }

    /** A whole number in range; fractions are rounded as PostgreSQL rounds them into an integer column. */
    private static long whole(Object value, long min, long max, String type) {
        BigInteger number;
        if (value instanceof Boolean flag) {
            number = flag ? BigInteger.ONE : BigInteger.ZERO;
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = big;
        } else if (value instanceof BigDecimal decimal) {
            number = decimal.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new Refusal("is no number");
            }
            number = new BigDecimal(Math.rint(d)).toBigIntegerExact();
        } else if (value instanceof String text) {
            if (WHOLE.matcher(text.trim()).matches()) {
                number = new BigInteger(text.trim());
            } else if (YEAR_AS_DATE.matcher(text).matches()) {
                number = new BigInteger(text.substring(0, 4)); // a YEAR column, as the MariaDB driver hands it
            } else {
                throw new Refusal("is not a whole number");
            }
        } else if (value instanceof LocalDate || value instanceof java.sql.Date) {
            LocalDate date = value instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) value;
            if (date.getDayOfYear() != 1) {
                throw new Refusal("is a date, not a year (the first of January of one)");
            }
            number = BigInteger.valueOf(date.getYear());
        } else {
            throw new Refusal("is not a whole number");
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new Refusal("is out of range for " + type);
        }
        return number.longValue();
    }

    /** An exact decimal: never through a double (a Double's own shortest text is its exact value here). */
    private static Object decimal(Object value) {
        if (value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Boolean flag) {
            return flag ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                if (text.trim().equalsIgnoreCase("NaN")) {
                    return text; // numeric has a NaN
                }
                throw new Refusal("is not a number");
            }
        }
        return value; // a Double or Float: bound as a float, which PostgreSQL rounds as it casts
    }

    private static Object bool(Object value) {
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number && !(value instanceof Double) && !(value instanceof Float)) {
            BigDecimal decimal = new BigDecimal(number.toString());
            if (decimal.compareTo(BigDecimal.ZERO) == 0) {
                return false;
            }
            if (decimal.compareTo(BigDecimal.ONE) == 0) {
                return true;
            }
            throw new Refusal("is neither 0 nor 1");
        }
        if (value instanceof String text) {
            String word = text.trim().toLowerCase(Locale.ROOT);
            if (TRUE.contains(word)) {
                return true;
            }
            if (FALSE.contains(word)) {
                return false;
            }
        }
        throw new Refusal("is not a truth value (0/1, true/false)");
    }

    /** A date from a date and time (DATETIME) keeps the wall-clock day the source showed. */
    private static Object date(Object value) {
        if (value instanceof LocalDateTime time) {
            return time.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp time) {
            return time.toLocalDateTime().toLocalDate();
        }
        if (value instanceof String text && isInstant(text)) {
            return wallClock(text).toLocalDate();
        }
        return value;
    }

    private static Object timestamp(Object value) {
        if (value instanceof String text && isInstant(text)) {
            return wallClock(text);
        }
        return value;
    }

    /**
     * A source DATETIME or timestamp reaches a converter as the instant its driver made of it in the JVM's
     * zone (JdbcValues: {@code 2020-01-01T09:00:00Z}); back in the JVM's zone it is the source's wall clock
     * again, which a timestamp without time zone keeps whatever the JVM's or the session's zone.
     */
    private static LocalDateTime wallClock(String instant) {
        return LocalDateTime.ofInstant(Instant.parse(instant), ZoneId.systemDefault());
    }

    private static boolean isInstant(String text) {
        if (text.length() < 20 || text.charAt(10) != 'T' || !text.endsWith("Z")) {
            return false;
        }
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** char(n) as PostgreSQL stores it: padded with spaces to n, so the row written is the row read back. */
    private static Object padded(Object value, int length) {
        if (value instanceof String text && length > 0 && text.codePointCount(0, text.length()) < length) {
            return text + " ".repeat(length - text.codePointCount(0, text.length()));
        }
        return value;
    }

    private static String kindOf(Object value) {
        if (value instanceof String) {
            return "a text";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return "an integer";
        }
        if (value instanceof BigDecimal) {
            return "a decimal";
        }
        if (value instanceof Double || value instanceof Float) {
            return "a floating-point";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof java.util.Date || value instanceof java.time.temporal.TemporalAccessor) {
            return "a date/time";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
