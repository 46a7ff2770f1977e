package io.drover.target;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.format.DateTimeParseException;
import org.springframework.jdbc.core.ColumnMapRowMapper;

/**
 * Spring's column map rows, with times read exactly: getObject gives a java.sql.Time, which holds no
 * more than milliseconds (and pgjdbc's none of a time's microseconds), so '23:59:59.999999' would be
 * migrated as '23:59:59.999'. A TIME column is read as the LocalTime its text gives (OffsetTime for
 * PostgreSQL's timetz) or, where the text is no time of day (MariaDB's TIME holds durations such as
 * '-838:59:59'), as that text. The driver's own LocalTime is not used: MariaDB's wraps such a duration
 * into a time of day without a word.
 */
public class ExactColumnMapRowMapper extends ColumnMapRowMapper {

    @Override
    protected Object getColumnValue(ResultSet rs, int index) throws SQLException {
        Object value = super.getColumnValue(rs, index);
        if (!(value instanceof java.sql.Time)) {
            return value; // the column's metadata is read for times only: this runs for every value of every row
        }
        ResultSetMetaData meta = rs.getMetaData();
        if (meta.getColumnType(index) == Types.TIME_WITH_TIMEZONE || "timetz".equalsIgnoreCase(meta.getColumnTypeName(index))) {
            try {
                return rs.getObject(index, OffsetTime.class);
            } catch (SQLException | RuntimeException e) {
                return rs.getString(index);
            }
        }
        // from the text, not the driver's LocalTime: MariaDB's driver turns the duration '-838:59:59' into 01:00:01
        String text = rs.getString(index);
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            return text; // a duration, or PostgreSQL's 24:00:00: kept as the server wrote it
        }
    }
}
