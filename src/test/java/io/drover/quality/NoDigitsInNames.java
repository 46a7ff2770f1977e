package io.drover.quality;

import io.drover.pipeline.SourceItem;

/** A custom rule bean for CrossItemRulesIT: a person's name holds no digits. */
public class NoDigitsInNames implements ColumnRule {

    @Override
    public String check(Object value, SourceItem item) {
        return value != null && value.toString().matches(".*\\d.*") ? "contains digits" : null;
    }
}
