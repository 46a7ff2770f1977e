package io.drover.target;

/**
 * Turns a converted value into what its target column takes (an enum label checked, '1999-01-01' into an
 * integer year, 'a,b' into a text[]), or refuses it with an {@link io.drover.pipeline.ItemDataException}.
 * {@link TargetWriter} applies it to every value of every row it writes, item by item and in bulk.
 */
@FunctionalInterface
public interface ColumnCoercion {

    /** Leaves every value as the converter made it. */
    ColumnCoercion NONE = (table, column, value) -> value;

    Object coerce(TableSchema table, TableSchema.Column column, Object value);
}
