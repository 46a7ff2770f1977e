package io.drover.quality;

import io.drover.pipeline.SourceItem;

/**
 * A rule written in Java, for what the declared rules cannot say. Bind an implementation as a bean and
 * name it in the quality declaration: {@code vat_number: check vatNumberRule}. It sees the value after
 * cleansing and the whole item, so it can compare columns.
 */
@FunctionalInterface
public interface ColumnRule {

    /**
     * @return null when the value passes; otherwise why it does not, in words a user can act on
     *         (e.g. "is before created_at"); it appears in the log row after the rule's name
     */
    String check(Object value, SourceItem item);
}
