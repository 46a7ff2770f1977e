package io.drover.faults;

import io.drover.pipeline.ItemConverter;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.TargetItem;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test converter of ConverterTroubleIT: a thing and its JSON extras, except that item 2 overflows the
 * stack, item 4 breaks an assertion (both Errors, not Exceptions), item 3's extras hold a date and
 * item 5's an object that Jackson cannot write.
 */
public class TroubleConverter implements ItemConverter {

    @Override
    public TargetItem convert(SourceItem source) {
        long id = ((Number) source.get("id")).longValue();
        if (id == 2) {
            throw new StackOverflowError();
        }
        if (id == 4) {
            throw new AssertionError("broken invariant");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("name", source.get("name"));
        row.put("extra", id == 3 ? Map.of("born", LocalDate.of(1815, 12, 10)) : id == 5 ? Map.of("opaque", new Object()) : Map.of("n", id));
        return new TargetItem().row("thing", row);
    }
}
