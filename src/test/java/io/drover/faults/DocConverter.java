package io.drover.faults;

import io.drover.pipeline.ItemConverter;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.TargetItem;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test converter: a doc and its parts, the parts' uuid keys handed over as text. */
public class DocConverter implements ItemConverter {

    @Override
    public TargetItem convert(SourceItem source) {
        TargetItem item = new TargetItem().row("doc", new LinkedHashMap<>(Map.of("id", ((Number) source.get("id")).longValue(),
                "title", source.get("title"), "body", source.get("body"))));
        for (Map<String, Object> part : source.children("parts")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("part", String.valueOf(part.get("part")));
            row.put("doc_id", ((Number) source.get("id")).longValue());
            row.put("body", part.get("body"));
            item.row("doc_part", row);
        }
        return item;
    }
}
