package org.elementvault.engine.dataset;

import org.jspecify.annotations.Nullable;

/**
 * Statistics of one column in one batch, for scan pruning. Bounds of numbers, dates (epoch days)
 * and timestamps (epoch microseconds) are widened outward to doubles, so a batch is only ever
 * skipped when it truly cannot match; strings and booleans carry no bounds.
 *
 * @param nulls how many values are null
 * @param min a lower bound of the non-null values, or null if unknown
 * @param max an upper bound of the non-null values, or null if unknown
 */
public record ColumnStats(int nulls, @Nullable Double min, @Nullable Double max) {}
