/**
 * Synthetic data: the invented resident records of {@code evault demo} and the benchmarks ({@link
 * org.elementvault.sandbox.sample.SyntheticResidents}), and the sample batches an element is
 * developed against before its approval ({@link org.elementvault.sandbox.sample.SampleBatches}).
 * Everything here is drawn from seeded generators; it must never read, copy or resample a stored
 * value: the only facts it takes from a dataset are its schema and the per-batch statistics the
 * vault keeps for scan pruning.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.sample;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
