package io.drover.bulk;

import io.drover.pipeline.ItemConverter;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.TargetItem;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test converter of BulkCopyValuesIT: Java values whose COPY text is not what pgjdbc binds for every
 * column type (a Double into numeric and text, an offset time into a timestamp without zone, a boolean
 * and a local time into text, a java.sql.Time with milliseconds), next to the same kinds where COPY and
 * pgjdbc agree. Only the last items hold a Float, which no chunk copies: the others' chunks go through COPY.
 */
public class TypedValuesConverter implements ItemConverter {

    @Override
    public TargetItem convert(SourceItem source) {
        long id = ((Number) source.get("id")).longValue();
        OffsetDateTime at = OffsetDateTime.of(2020, 1, 1, 10, 0, 0, 0, ZoneOffset.ofHours(2)).plusMinutes(id);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("float_in_float8", id > 32 ? 0.1f * id : null);
        row.put("double_in_numeric", 0.1 + 0.2 * id);
        row.put("double_in_text", 100.0 * id);
        row.put("double_in_float8", 0.1 + 0.2 * id);
        row.put("offset_in_timestamp", at);
        row.put("offset_in_timestamptz", at);
        row.put("boolean_in_text", id % 2 == 0);
        row.put("local_in_text", at.toLocalDateTime());
        row.put("clock", new java.sql.Time(java.sql.Time.valueOf("10:15:30").getTime() + 123 + id));
        return new TargetItem().row("typed", row);
    }
}
