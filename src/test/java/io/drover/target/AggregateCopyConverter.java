package io.drover.target;

import io.drover.pipeline.ItemConverter;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.TargetItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test converter: the root row into the table named by the property, each child list into the table of its name. */
public class AggregateCopyConverter implements ItemConverter {

    private String table;

    public void setTable(String table) {
        this.table = table;
    }

    @Override
    public TargetItem convert(SourceItem source) {
        TargetItem item = new TargetItem().row(table, new LinkedHashMap<>(source.root()));
        for (Map.Entry<String, List<Map<String, Object>>> children : source.children().entrySet()) {
            for (Map<String, Object> child : children.getValue()) {
                item.row(children.getKey(), new LinkedHashMap<>(child));
            }
        }
        return item;
    }
}
