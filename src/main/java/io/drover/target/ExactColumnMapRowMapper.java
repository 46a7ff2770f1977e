package io.drover.target;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalTime;
import java.time.OffsetTime;
import org.springframework.jdbc.core.ColumnMapRowMapper;

/**
 * Spring's column map rows, with times read exactly: getObject gives a java.sql.Time, which holds no
 * more than milliseconds (and pgjdbc's none of a time's microseconds), so '23:59:59.999999' would be
 * migrated as '23:59:59.999'. A TIME column is read as LocalTime (OffsetTime for PostgreSQL's timetz)
 * and, where the driver cannot give one (MariaDB's TIME holds durations such as '-838:59:59'), as the
 * text the server sent.
 */
public class ExactColumnMapRowMapper extends ColumnMapRowMapper {

    @Override
    protected Object getColumnValue(ResultSet rs, int index) throws SQLException {
        int type = rs.getMetaData().getColumnType(index);
        if (type != Types.TIME && type != Types.TIME_WITH_TIMEZONE) {
            return super.getColumnValue(rs, index);
        }
        boolean zoned = type == Types.TIME_WITH_TIMEZONE || "timetz".equalsIgnoreCase(rs.getMetaData().getColumnTypeName(index));
        try {
            return zoned ? rs.getObject(index, OffsetTime.class) : rs.getObject(index, LocalTime.class);
        } catch (SQLException | RuntimeException e) {
            return rs.getString(index);
        }
    }
}
