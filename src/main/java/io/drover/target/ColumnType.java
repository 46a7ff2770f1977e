package io.drover.target;

import java.util.List;

/**
 * A PostgreSQL column's type as the catalog knows it, beyond what JDBC metadata says (which reports a
 * serial column as "serial", a type that does not exist, and a domain by its name alone).
 *
 * @param name        the type's name, usable in a cast (int4, mpaa_rating, year_domain, _text)
 * @param sql         the type as PostgreSQL writes it, modifiers included: integer, character(3), text[], numeric(12,4)
 * @param domain      true for a domain: {@code base} is then the type it constrains
 * @param base        the name of the base type of a domain, else {@code name}
 * @param baseSql     the base type as PostgreSQL writes it
 * @param enumLabels  the labels of an enum (base) type, in order, else null
 * @param elementName the element type's name of an array (base) type, else null
 */
public record ColumnType(String name, String sql, boolean domain, String base, String baseSql, List<String> enumLabels,
                         String elementName) {

    /** The type as a message names it: {@code year_domain (a domain over integer)}. */
    public String describe() {
        return domain ? sql + " (a domain over " + baseSql + ")" : sql;
    }
}
