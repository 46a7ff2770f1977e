package io.drover.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.pipeline.ItemDataException;
import io.drover.target.ColumnType;
import io.drover.target.JdbcValues;
import io.drover.target.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class TargetTypeCoercionTest {

    private static final TargetTypeCoercion COERCION = new TargetTypeCoercion();
    private static final TableSchema FILM = schema(
            column("year", "year_domain", "year_domain", true, "int4", "integer", null, null),
            column("small", "int2", "smallint", false, "int2", "smallint", null, null),
            column("flag", "int4", "integer", false, "int4", "integer", null, null),
            column("big", "int8", "bigint", false, "int8", "bigint", null, null),
            column("amount", "numeric", "numeric(20,4)", false, "numeric", "numeric(20,4)", null, null),
            column("active", "bool", "boolean", false, "bool", "boolean", null, null),
            column("rating", "mpaa_rating", "mpaa_rating", false, "mpaa_rating", "mpaa_rating", List.of("G", "PG"), null),
            column("tags", "_text", "text[]", false, "_text", "text[]", null, "text"),
            column("day", "date", "date", false, "date", "date", null, null),
            column("at", "timestamp", "timestamp without time zone", false, "timestamp", "timestamp without time zone", null, null),
            column("code", "bpchar", "character(4)", false, "bpchar", "character(4)", null, null),
            column("note", "varchar", "character varying(20)", false, "varchar", "character varying(20)", null, null));

    @Test
    void mariaDbValuesReachPostgresTypes() {
        assertThat(coerce("year", "1999-01-01")).isEqualTo(1999); // a YEAR, as the driver's java.sql.Date arrives
        assertThat(coerce("year", LocalDate.of(2001, 1, 1))).isEqualTo(2001);
        assertThat(coerce("flag", true)).isEqualTo(1);
        assertThat(coerce("small", false)).isEqualTo((short) 0);
        assertThat(coerce("active", 1)).isEqualTo(true);
        assertThat(coerce("active", "0")).isEqualTo(false);
        assertThat(coerce("big", new BigInteger("9223372036854775807"))).isEqualTo(Long.MAX_VALUE);
        assertThat(coerce("amount", new BigInteger("18446744073709551615"))).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(coerce("amount", "12345678.1234")).isEqualTo(new BigDecimal("12345678.1234"));
        assertThat(coerce("rating", "PG")).isEqualTo("PG");
        assertThat(coerce("tags", "Trailers,Deleted Scenes")).isEqualTo("{\"Trailers\",\"Deleted Scenes\"}");
        assertThat(coerce("tags", "")).isEqualTo("{}");
        assertThat(coerce("tags", List.of("a\"b", "c"))).isEqualTo("{\"a\\\"b\",\"c\"}");
        assertThat(coerce("tags", "{\"x\"}")).isEqualTo("{\"x\"}");
        assertThat(coerce("code", "ab")).isEqualTo("ab  ");
        assertThat(coerce("note", "")).isEqualTo("");
        assertThat(coerce("note", null)).isNull();
    }

    @Test
    void datesAndTimesKeepTheSourcesWallClockWhateverTheJvmsZone() {
        TimeZone before = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            // what a converter gets from a DATETIME column (the driver's Timestamp, in the JVM's zone)
            Object read = JdbcValues.value(java.sql.Timestamp.valueOf("2020-03-02 23:30:00"));
            assertThat(coerce("at", read)).isEqualTo(LocalDateTime.of(2020, 3, 2, 23, 30));
            assertThat(coerce("day", read)).isEqualTo(LocalDate.of(2020, 3, 2));
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void aValueThatCannotBeCoercedNamesTableColumnBothTypesAndTheValue() {
        assertThatThrownBy(() -> coerce("year", "abc")).isInstanceOf(ItemDataException.class)
                .hasMessage("column 'year' cannot be stored in film.year of type year_domain (a domain over integer):"
                        + " a text value is not a whole number (value: 'abc')");
        assertThatThrownBy(() -> coerce("rating", "NC-17"))
                .hasMessage("column 'rating' cannot be stored in film.rating of type mpaa_rating: a text value is not one of"
                        + " the enum's labels [G, PG] (value: 'NC-17')");
        assertThatThrownBy(() -> coerce("small", 40_000L))
                .hasMessage("column 'small' cannot be stored in film.small of type smallint: an integer value is out of range"
                        + " for smallint (value: '40000')");
        assertThatThrownBy(() -> coerce("active", 2)).hasMessageContaining("an integer value is neither 0 nor 1");
        assertThatThrownBy(() -> coerce("flag", "")).hasMessageContaining("a text value is not a whole number (value: '')");
    }

    private static Object coerce(String column, Object value) {
        return COERCION.coerce(FILM, FILM.column(column), value);
    }

    private record Spec(String name, String type, String declared, ColumnType pg) {
    }

    private static Spec column(String name, String type, String sql, boolean domain, String base, String baseSql,
                               List<String> labels, String element) {
        String declared = type.equals("bpchar") ? "bpchar(4)" : type;
        return new Spec(name, type, declared, new ColumnType(type, sql, domain, base, baseSql, labels, element));
    }

    private static TableSchema schema(Spec... specs) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> declared = new LinkedHashMap<>();
        Map<String, ColumnType> pg = new LinkedHashMap<>();
        for (Spec spec : specs) {
            types.put(spec.name(), spec.type());
            declared.put(spec.name(), spec.declared());
            pg.put(spec.name(), spec.pg());
        }
        return new TableSchema("film", types, declared, List.of(), List.of(), Set.of(), Set.of(), pg);
    }
}
