package org.elementvault.sandbox.protection;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An order-independent digest of a set of subjects: the number of subjects and the sum of their
 * {@link SubjectHash}es modulo 2<sup>128</sup> (the MSet-Add-Hash of Clarke et al., 2003). It seeds
 * the dynamic noise layer and the low-count threshold.
 *
 * <p>An immutable value: start from {@link #EMPTY}, add each distinct subject of a group once with
 * {@link #plus(SubjectHash)}, and combine the digests of disjoint batches with {@link
 * #plus(SubjectSetDigest)}; the result does not depend on order or batching. Where subjects come
 * one at a time by the million, add them to an {@link #accumulator()} instead, which gives the same
 * digest without an object per subject.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Adding or removing one subject changes the digest (the count changes), so two groups that
 *       differ by one person get unrelated dynamic noise; two different sets of the same size
 *       collide only if their hash sums do, with probability 2<sup>-128</sup> for a keyed hash.
 *   <li>It is a multiset digest: a subject added twice counts twice. Unlike an XOR of hashes, a
 *       duplicate never cancels a subject out, so a caller's failure to deduplicate cannot make a
 *       set that contains someone look like one that does not. Callers still add each subject of a
 *       group once (combine a subject's rows first).
 * </ul>
 *
 * @param count the number of subjects added, at least zero
 * @param sumHigh the upper 64 bits of the sum of their hashes modulo 2<sup>128</sup>, unsigned
 * @param sumLow the lower 64 bits of that sum, unsigned
 */
public record SubjectSetDigest(long count, long sumHigh, long sumLow) {

  /** The digest of no subject. */
  public static final SubjectSetDigest EMPTY = new SubjectSetDigest(0, 0, 0);

  /** Checks the count (every pair of longs is a valid sum). */
  public SubjectSetDigest {
    if (count < 0) {
      throw new IllegalArgumentException("subject count must be at least 0, got " + count);
    }
  }

  /** A new, empty accumulator of subjects. */
  public static Accumulator accumulator() {
    return new Accumulator();
  }

  /**
   * The digest of {@code count} subjects whose hashes sum, modulo 2<sup>128</sup>, to {@code
   * highWords·2^64 + lowHighHalves·2^32 + lowLowHalves}: the sums of their upper words and of the
   * lower and upper 32-bit halves of their lower words (see {@link HalfSums}), as a loop over a
   * column adds them.
   */
  static SubjectSetDigest ofSums(
      long count, long highWords, long lowLowHalves, long lowHighHalves) {
    return new SubjectSetDigest(
        count,
        highWords + HalfSums.high(lowLowHalves, lowHighHalves),
        HalfSums.low(lowLowHalves, lowHighHalves));
  }

  /** This set with one more subject. */
  public SubjectSetDigest plus(SubjectHash subject) {
    Objects.requireNonNull(subject, "subject");
    long low = sumLow + subject.low();
    return new SubjectSetDigest(
        Math.addExact(count, 1), sumHigh + subject.high() + carry(low, sumLow), low);
  }

  /** The union of this set and a disjoint {@code other} (such as another batch's subjects). */
  public SubjectSetDigest plus(SubjectSetDigest other) {
    Objects.requireNonNull(other, "other");
    long low = sumLow + other.sumLow;
    return new SubjectSetDigest(
        Math.addExact(count, other.count), sumHigh + other.sumHigh + carry(low, sumLow), low);
  }

  /** The sum of the hashes as an integer in [0, 2<sup>128</sup>). */
  public BigInteger sum() {
    return new BigInteger(
        1, ByteBuffer.allocate(2 * Long.BYTES).putLong(sumHigh).putLong(sumLow).array());
  }

  /** 1 if the unsigned addition that gave {@code low} from {@code augend} wrapped around. */
  private static long carry(long low, long augend) {
    return Long.compareUnsigned(low, augend) < 0 ? 1 : 0;
  }

  SeedEncoder addTo(SeedEncoder seed) {
    return seed.add(count).add(sumHigh).add(sumLow);
  }

  /** Redacted but for the count, which the low-count filter may name. */
  @Override
  public String toString() {
    return "SubjectSetDigest[count=" + count + ", sum=redacted]";
  }

  /**
   * A mutable {@link SubjectSetDigest} under construction, for an executor that adds subjects one
   * at a time: {@link #add(SubjectHash)} costs two additions and allocates nothing. Not
   * thread-safe: give each thread (or batch) its own and combine them with {@link
   * #add(SubjectSetDigest)}.
   */
  public static final class Accumulator {

    private long count;
    private long sumHigh;
    private long sumLow;

    private Accumulator() {}

    /** Adds one subject (each distinct subject of a group once). */
    public void add(SubjectHash subject) {
      Objects.requireNonNull(subject, "subject");
      add(subject.high(), subject.low());
    }

    /** Adds the subject whose hash is {@code high·2^64 + low}: as {@link #add(SubjectHash)}. */
    public void add(long high, long low) {
      count = Math.addExact(count, 1);
      long sum = sumLow + low;
      sumHigh += high + carry(sum, sumLow);
      sumLow = sum;
    }

    /** Adds the subjects of a disjoint batch. */
    public void add(SubjectSetDigest batch) {
      Objects.requireNonNull(batch, "batch");
      count = Math.addExact(count, batch.count);
      long low = sumLow + batch.sumLow;
      sumHigh += batch.sumHigh + carry(low, sumLow);
      sumLow = low;
    }

    /** The digest of the subjects added so far. */
    public SubjectSetDigest digest() {
      return new SubjectSetDigest(count, sumHigh, sumLow);
    }

    /** Redacted but for the count. */
    @Override
    public String toString() {
      return "SubjectSetDigest.Accumulator[count=" + count + ", sum=redacted]";
    }
  }
}
