package io.drover.target;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * Values in PostgreSQL's COPY text format: a column's value as the text its type reads, tab-separated,
 * with backslash escapes and \N for NULL. Only value types whose text PostgreSQL reads back as the same
 * value that pgjdbc would bind are accepted; a chunk holding anything else is written with JDBC batches.
 */
final class CopyText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CopyText() {
    }

    /** True when {@link #append} writes this value as pgjdbc would bind it; other values go through JDBC. */
    static boolean encodes(Object value) {
        if (value == null || value instanceof String) {
            return true; // most values: decided first
        }
        if (value instanceof LocalDate date) {
            return ordinaryYear(date.getYear());
        }
        if (value instanceof LocalDateTime time) {
            return ordinaryYear(time.getYear());
        }
        if (value instanceof java.sql.Date date) {
            return ordinaryYear(date.toLocalDate().getYear());
        }
        if (value instanceof java.sql.Time) {
            return true;
        }
        if (value instanceof java.util.Date instant) {
            return ordinaryYear(wallClock(instant).getYear());
        }
        if (value instanceof OffsetDateTime time) {
            return ordinaryYear(time.getYear());
        }
        if (value instanceof ZonedDateTime time) {
            return ordinaryYear(time.getYear());
        }
        if (value instanceof Instant instant) {
            return ordinaryYear(instant.atOffset(java.time.ZoneOffset.UTC).getYear());
        }
        return value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof java.math.BigInteger
                || value instanceof BigDecimal || value instanceof Double || value instanceof Float
                || value instanceof Boolean || value instanceof UUID || value instanceof LocalTime
                || value instanceof OffsetTime || value instanceof byte[];
    }

    /**
     * True when {@link #append} writes this value, for this column, as pgjdbc's binding arrives there.
     * pgjdbc binds a Float as float4 and a Double as float8, which PostgreSQL then casts: to numeric with
     * 15 digits, to text without a trailing ".0". It binds an offset or zoned time as timestamptz, which a
     * timestamp column takes in the session's zone where COPY would drop the offset. And a text column
     * keeps the text of the bound type (true, 2020-01-01 10:00:00), not the Java text COPY sends (t, 2020-01-01T10:00).
     */
    static boolean encodes(Object value, TableSchema.Column column) {
        if (value == null || value instanceof String) {
            return true;
        }
        if (!column.castFromText()) { // a text column: only values whose text is the same either way
            return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                    || value instanceof java.math.BigInteger || value instanceof BigDecimal || value instanceof UUID;
        }
        if (value instanceof Float) {
            return false;
        }
        if (value instanceof Double) {
            return "float8".equalsIgnoreCase(column.type());
        }
        if (value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof Instant) {
            return "timestamptz".equalsIgnoreCase(column.type()) && encodes(value);
        }
        return encodes(value);
    }

    /** Years BC and beyond 9999 are written by pgjdbc with an era or sign of its own: those stay with JDBC. */
    private static boolean ordinaryYear(int year) {
        return year > 0 && year < 10_000;
    }

    /**
     * A java.util.Date or Timestamp means the JVM's wall-clock time, as pgjdbc sends it: a timestamp column
     * takes that wall-clock time (PostgreSQL ignores the offset there), a timestamptz column the instant.
     */
    private static OffsetDateTime wallClock(java.util.Date date) {
        return OffsetDateTime.ofInstant(date.toInstant(), ZoneId.systemDefault());
    }

    /** Appends one row: its values tab-separated, ended by a newline. */
    static void appendRow(StringBuilder out, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            append(out, row[i]);
        }
        out.append('\n');
    }

    static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof String text) {
            escaped(out, text);
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toPlainString());
        } else if (value instanceof Boolean flag) {
            out.append(flag ? 't' : 'f');
        } else if (value instanceof java.sql.Date date) {
            out.append(date.toLocalDate());
        } else if (value instanceof java.sql.Time time) {
            out.append(JdbcValues.localTime(time));
        } else if (value instanceof java.util.Date date) {
            out.append(wallClock(date));
        } else if (value instanceof ZonedDateTime zoned) {
            out.append(zoned.toOffsetDateTime());
        } else if (value instanceof byte[] bytes) {
            out.append("\\\\x");
            for (byte b : bytes) {
                out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        } else {
            out.append(value); // numbers, UUID, java.time values: their toString is what PostgreSQL reads
        }
    }

    private static void escaped(StringBuilder out, String text) {
        int plain = 0;
        while (plain < text.length() && !special(text.charAt(plain))) {
            plain++;
        }
        out.append(text, 0, plain); // most values need no escape: append them whole
        for (int i = plain; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private static boolean special(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }
}
