/**
 * The mechanisms that make a released aggregate safe (DESIGN.md, Release protection): exact
 * discrete Laplace and Gaussian samplers over uniform random bits ({@link
 * org.elementvault.sandbox.protection.DiscreteLaplace}, {@link
 * org.elementvault.sandbox.protection.DiscreteGaussian}), the two sources of those bits ({@link
 * org.elementvault.sandbox.protection.RandomBits}), Diffix-style sticky layered noise ({@link
 * org.elementvault.sandbox.protection.StickyNoise}), keyed subject hashes ({@link
 * org.elementvault.sandbox.protection.NoiseKey#subject}), flattening of extreme contributors
 * ({@link org.elementvault.sandbox.protection.Flattening}, streamed through {@link
 * org.elementvault.sandbox.protection.Contributors}) and the noisy low-count filter ({@link
 * org.elementvault.sandbox.protection.LowCountFilter}). Everything here is pure computation on
 * values the caller passes in: it must not read the vault, know of SQL or Calcite, log, or sample
 * noise through floating-point arithmetic (Mironov's attack on floating-point Laplace noise).
 *
 * <p>An executor releasing one group of a {@code protection: noise} element: derive the dataset's
 * {@link org.elementvault.sandbox.protection.NoiseKey} once; hash each distinct subject of the
 * group ({@link org.elementvault.sandbox.protection.NoiseKey#subject}, tens of nanoseconds) and add
 * it to a {@link org.elementvault.sandbox.protection.SubjectSetDigest#accumulator()} (per batch,
 * then combined); for a sum or row count, add each subject's combined contribution to a {@link
 * org.elementvault.sandbox.protection.Contributors} instead, which keeps the digest too and holds a
 * group of any size in constant memory; describe the group's conditions and labels as {@link
 * org.elementvault.sandbox.protection.NoiseLayers}; drop the group unless {@link
 * org.elementvault.sandbox.protection.LowCountFilter#passes} says otherwise; release a distinct
 * count as count plus {@link org.elementvault.sandbox.protection.StickyNoise#countNoise}, and a sum
 * or row count as the {@link org.elementvault.sandbox.protection.Flattening#flatten flattened}
 * total plus {@link org.elementvault.sandbox.protection.StickyNoise#noise} of the flattened SD.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.protection;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
