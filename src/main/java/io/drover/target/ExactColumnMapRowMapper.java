package io.drover.target;

import java.sql.ResultSet;
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
        int type = rs.getMetaData().getColumnType(index);
        if (type != Types.TIME && type != Types.TIME_WITH_TIMEZONE) {
            return super.getColumnValue(rs, index);
        }
        if (type == Types.TIME_WITH_TIMEZONE || "timetz".equalsIgnoreCase(rs.getMetaData().getColumnTypeName(index))) {
            try {
                return rs.getObject(index, OffsetTime.class);
            } catch (SQLException | RuntimeException e) {
                return rs.getString(index);
            }
        }
        // from the text, not the driver's LocalTime: MariaDB's driver turns the duration '-838:59:59' into 01:00:01
        String text = rs.getString(index);
        try {
            return text == null ? null : LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            return text; // a duration, or PostgreSQL's 24:00:00: kept as the server wrote it
        }
    }
}
