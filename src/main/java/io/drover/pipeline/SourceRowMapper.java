package io.drover.pipeline;

import io.drover.target.ExactColumnMapRowMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.camel.component.sql.DefaultRowMapperFactory;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads source rows like camel-sql does, but refuses values a driver would silently turn into NULL:
 * MariaDB/MySQL "zero dates" (0000-00-00) come back as NULL from getObject, which would migrate a
 * wrong value without a word. Such an item fails, naming the column. Times keep their fractions of a
 * second ({@link ExactColumnMapRowMapper}).
 */
public final class SourceRowMapper extends DefaultRowMapperFactory {

    @Override
    public RowMapper<?> newColumnRowMapper() {
        return new ExactColumnMapRowMapper() {
            @Override
            protected Object getColumnValue(ResultSet rs, int index) throws SQLException {
                Object value = super.getColumnValue(rs, index);
                if (value == null && isTemporal(rs.getMetaData().getColumnType(index))) {
                    String raw = rs.getString(index);
                    if (raw != null && raw.startsWith("0000-00-00")) {
                        throw new ItemDataException(rs.getMetaData().getColumnLabel(index),
                                "holds a zero date, which is no date (set a real date or NULL in the source)", raw);
                    }
                }
                return value;
            }
        };
    }

    private static boolean isTemporal(int type) {
        return type == Types.DATE || type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE;
    }
}
