/**
 * The mechanisms that make a released aggregate safe (DESIGN.md, Release protection): exact
 * discrete Laplace and Gaussian samplers over uniform random bits ({@link
 * org.elementvault.sandbox.protection.DiscreteLaplace}, {@link
 * org.elementvault.sandbox.protection.DiscreteGaussian}), the two sources of those bits ({@link
 * org.elementvault.sandbox.protection.RandomBits}), Diffix-style sticky layered noise ({@link
 * org.elementvault.sandbox.protection.StickyNoise}), flattening of extreme contributors ({@link
 * org.elementvault.sandbox.protection.Flattening}) and the noisy low-count filter ({@link
 * org.elementvault.sandbox.protection.LowCountFilter}). Everything here is pure computation on
 * values the caller passes in: it must not read the vault, know of SQL or Calcite, log, or sample
 * noise through floating-point arithmetic (Mironov's attack on floating-point Laplace noise).
 *
 * <p>An executor releasing one group of a {@code protection: noise} element: derive the dataset's
 * {@link org.elementvault.sandbox.protection.NoiseKey}; hash each distinct subject of the group and
 * add it to a {@link org.elementvault.sandbox.protection.SubjectSetDigest} (per batch, then
 * combined); describe the group's conditions and labels as {@link
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
