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
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.protection;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
