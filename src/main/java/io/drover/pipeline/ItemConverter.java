package io.drover.pipeline;

/**
 * Converts one source item into the rows it becomes in the target. Implementations are plain classes
 * without Camel types; they signal bad data by throwing {@link ItemDataException}.
 */
@FunctionalInterface
public interface ItemConverter {

    TargetItem convert(SourceItem source);
}
