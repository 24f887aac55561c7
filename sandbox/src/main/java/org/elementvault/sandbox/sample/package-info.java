/**
 * Synthetic data: the invented resident records of {@code evault demo} and the benchmarks ({@link
 * org.elementvault.sandbox.sample.SyntheticResidents}). Everything here is drawn from seeded
 * generators; it must never read, copy or resample a stored value.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.sample;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
