/**
 * Synthetic data: the invented resident records of {@code evault demo} and the benchmarks ({@link
 * org.elementvault.sandbox.sample.SyntheticResidents}), and the sample batches an element is
 * developed against before its approval ({@link org.elementvault.sandbox.sample.SampleBatches}).
 * Everything here is drawn from seeded generators; it must never read or resample stored data: the
 * only facts it takes from a dataset are its schema, the per-batch statistics the vault keeps for
 * scan pruning, and the common values of its GENERAL text columns that the import records for this
 * purpose (values held by at least ten subjects, which name no one; the only stored values a sample
 * may show).
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.sample;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
