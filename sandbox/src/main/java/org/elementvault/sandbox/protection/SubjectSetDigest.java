package org.elementvault.sandbox.protection;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An order-independent digest of a set of subjects: the number of subjects and the sum of their
 * {@link SubjectHash}es modulo 2<sup>256</sup> (the MSet-Add-Hash of Clarke et al., 2003). It seeds
 * the dynamic noise layer and the low-count threshold.
 *
 * <p>An immutable value used as an accumulator: start from {@link #EMPTY}, add each distinct
 * subject of a group once with {@link #plus(SubjectHash)}, and combine the digests of disjoint
 * batches with {@link #plus(SubjectSetDigest)}; the result does not depend on order or batching.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Adding or removing one subject changes the digest (the count changes), so two groups that
 *       differ by one person get unrelated dynamic noise; two different sets of the same size
 *       collide only if their hash sums do, with probability 2<sup>-256</sup> for a keyed hash.
 *   <li>It is a multiset digest: a subject added twice counts twice. Unlike an XOR of hashes, a
 *       duplicate never cancels a subject out, so a caller's failure to deduplicate cannot make a
 *       set that contains someone look like one that does not. Callers still add each subject of a
 *       group once (combine a subject's rows first).
 * </ul>
 *
 * @param count the number of subjects added
 * @param sum the sum of their hashes modulo 2<sup>256</sup>
 */
public record SubjectSetDigest(long count, BigInteger sum) {

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(SubjectHash.BITS);

  /** The digest of no subject. */
  public static final SubjectSetDigest EMPTY = new SubjectSetDigest(0, BigInteger.ZERO);

  /** Checks the ranges. */
  public SubjectSetDigest {
    Objects.requireNonNull(sum, "sum");
    if (count < 0) {
      throw new IllegalArgumentException("subject count must be at least 0, got " + count);
    }
    if (sum.signum() < 0 || sum.compareTo(MODULUS) >= 0) {
      throw new IllegalArgumentException("a subject set sum must be in [0, 2^256)");
    }
  }

  /** This set with one more subject. */
  public SubjectSetDigest plus(SubjectHash subject) {
    Objects.requireNonNull(subject, "subject");
    return new SubjectSetDigest(Math.addExact(count, 1), sum.add(subject.value()).mod(MODULUS));
  }

  /** The union of this set and a disjoint {@code other} (such as another batch's subjects). */
  public SubjectSetDigest plus(SubjectSetDigest other) {
    Objects.requireNonNull(other, "other");
    return new SubjectSetDigest(Math.addExact(count, other.count), sum.add(other.sum).mod(MODULUS));
  }

  SeedEncoder addTo(SeedEncoder seed) {
    return seed.add(count).add(sum.toByteArray());
  }

  /** Redacted but for the count, which the low-count filter may name. */
  @Override
  public String toString() {
    return "SubjectSetDigest[count=" + count + ", sum=redacted]";
  }
}
