package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The per-subject contributions of one group, kept in the little that {@link Flattening} needs, so
 * that a group of ten million subjects can be flattened without holding them: per side (positive
 * for contributions of at least zero, negative for those of at most zero, zeros on both as
 * Flattening does), the number of subjects, their exact total and the {@value #TOP} largest
 * magnitudes with their subjects; and the {@link SubjectSetDigest} of every subject added.
 *
 * <p>{@link Flattening#flatten(Contributors)} of an accumulator equals {@link
 * Flattening#flatten(java.util.Collection)} of the same per-subject totals, exactly, in any order
 * of {@link #add adding} and any split into {@link #merge merged} batches.
 *
 * <h2>Caller's duties</h2>
 *
 * <ul>
 *   <li>Add each subject of the group once, with its contributions already combined (its rows
 *       summed): the accumulator cannot tell a repeated subject from a new one and would count it
 *       twice. Merge only batches of disjoint subjects.
 *   <li>Mutable and not thread-safe: give each thread its own and merge them.
 * </ul>
 */
public final class Contributors {

  /** How many of the largest contributions a side keeps: the most flattening can look at. */
  static final int TOP = Flattening.OUTLIER_COUNT_MAX + Flattening.TOP_COUNT_MAX;

  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private final int scale;
  private final Side positive;
  private final Side negative;
  private final SubjectSetDigest.Accumulator subjects = SubjectSetDigest.accumulator();

  /** An empty group whose whole-number contributions {@link #add(SubjectHash, long)} takes. */
  public Contributors() {
    this(0);
  }

  /**
   * An empty group whose contributions {@link #add(SubjectHash, long)} takes as unscaled values at
   * {@code scale} decimal places (a DECIMAL column's scale, 0 for integers).
   */
  public Contributors(int scale) {
    if (scale < 0 || scale > StickyNoise.MAX_SCALE) {
      throw new IllegalArgumentException(
          "contribution scale must be in [0, " + StickyNoise.MAX_SCALE + "], got " + scale);
    }
    this.scale = scale;
    this.positive = new Side(scale);
    this.negative = new Side(scale);
  }

  /**
   * Adds one subject and its contribution to the group, combined over all of its rows.
   *
   * @param subject a subject not added before
   * @param combinedContribution the subject's total, of any sign
   */
  public void add(SubjectHash subject, BigDecimal combinedContribution) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(combinedContribution, "combinedContribution");
    int sign = combinedContribution.signum();
    if (sign >= 0) {
      positive.add(subject, combinedContribution);
    }
    if (sign <= 0) {
      negative.add(subject, combinedContribution.negate());
    }
    subjects.add(subject);
  }

  /**
   * Adds one subject and its contribution, given as the unscaled value of a decimal at this
   * accumulator's scale: the same as {@link #add(SubjectHash, BigDecimal)} of {@code
   * BigDecimal.valueOf(unscaledContribution, scale)}, without a BigDecimal for a subject that does
   * not rank among a side's largest.
   *
   * @param subject a subject not added before
   * @param unscaledContribution the subject's total, of any sign, times 10^scale
   */
  public void add(SubjectHash subject, long unscaledContribution) {
    Objects.requireNonNull(subject, "subject");
    add(subject.high(), subject.low(), unscaledContribution);
  }

  /**
   * As {@link #add(SubjectHash, long)} for the subject whose hash is {@code subjectHigh·2^64 +
   * subjectLow}: an executor adding millions of subjects makes a {@link SubjectHash} only for those
   * that rank among a side's largest.
   */
  public void add(long subjectHigh, long subjectLow, long unscaledContribution) {
    if (unscaledContribution == Long.MIN_VALUE) {
      // Its magnitude has no long: take the decimal way.
      add(
          new SubjectHash(subjectHigh, subjectLow),
          BigDecimal.valueOf(unscaledContribution, scale));
      return;
    }
    if (unscaledContribution >= 0) {
      positive.add(subjectHigh, subjectLow, unscaledContribution);
    }
    if (unscaledContribution <= 0) {
      negative.add(subjectHigh, subjectLow, -unscaledContribution);
    }
    subjects.add(subjectHigh, subjectLow);
  }

  /**
   * Adds the subjects of {@code other}, a batch of subjects disjoint from this one's, leaving
   * {@code other} unchanged.
   *
   * @throws IllegalArgumentException if {@code other} is this accumulator
   */
  public void merge(Contributors other) {
    Objects.requireNonNull(other, "other");
    if (other == this) {
      throw new IllegalArgumentException("contributors cannot be merged with themselves");
    }
    positive.merge(other.positive);
    negative.merge(other.negative);
    subjects.add(other.subjects.digest());
  }

  /** Adds the digest of a batch of subjects whose contributions the sides took apart. */
  void addSubjects(SubjectSetDigest batch) {
    subjects.add(batch);
  }

  /** The digest of every subject added, for the low-count filter and the dynamic noise. */
  public SubjectSetDigest subjects() {
    return subjects.digest();
  }

  /**
   * Adds to {@code seed} all that the flattened value of this group depends on: its subjects, and
   * per side the number of contributions, their exact total and the largest shares. Two groups that
   * seed alike release the same value, so they may share their noise; any other difference — one
   * person more, or one row of a person who stays — seeds anew. Amounts enter in a canonical form,
   * so the scale they were added at does not matter.
   */
  SeedEncoder addTo(SeedEncoder seed) {
    var unused = subjects.digest().addTo(seed);
    for (Side side : List.of(positive, negative)) {
      seed.add(side.count()).add(canonical(side.total()));
      List<Share> largest = side.largest(TOP);
      seed.add(largest.size());
      for (Share share : largest) {
        seed.add(share.subject().high()).add(share.subject().low()).add(canonical(share.amount()));
      }
    }
    return seed;
  }

  private static String canonical(BigDecimal amount) {
    return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
  }

  Side positive() {
    return positive;
  }

  Side negative() {
    return negative;
  }

  /** Redacted but for the number of subjects. */
  @Override
  public String toString() {
    return "Contributors[subjects=" + subjects.digest().count() + ", contributions=redacted]";
  }

  /** One subject's combined contribution, as a magnitude on its side. */
  record Share(SubjectHash subject, BigDecimal amount) {

    /** Largest amount first, ties by subject hash: a total order, as subjects are distinct. */
    int compareWith(SubjectHash otherSubject, BigDecimal otherAmount) {
      int byAmount = otherAmount.compareTo(amount);
      return byAmount != 0 ? byAmount : subject.compareTo(otherSubject);
    }
  }

  /**
   * The magnitudes of one side: how many, their exact total, and the largest {@value #TOP}. Whole
   * decimals and unscaled longs may both be added; the longs are summed apart, in a long while it
   * does not overflow, and join the decimal total when it is read, so the total's value and scale
   * are those of adding every contribution as a decimal.
   */
  static final class Side {

    private final int scale;
    private long count;
    private BigDecimal total = BigDecimal.ZERO;
    private long unscaledTotal;
    private boolean hasUnscaled;
    private final Share[] largest = new Share[TOP];
    private int largestCount;

    /**
     * What a magnitude must reach to rank among the kept shares, as {@link #ranks} reads it: -1
     * until the side is full (every magnitude ranks), then the smallest kept share's magnitude,
     * unscaled and rounded down, and its subject's upper word as {@link #key} orders it ({@link
     * Long#MAX_VALUE} if the rounding dropped digits, so that every tie ranks). Only rises as
     * shares come in, so a floor read earlier lets through more, never fewer.
     */
    private long floor = -1;

    private long floorKey = Long.MAX_VALUE;

    Side(int scale) {
      this.scale = scale;
    }

    long count() {
      return count;
    }

    BigDecimal total() {
      return hasUnscaled ? total.add(BigDecimal.valueOf(unscaledTotal, scale)) : total;
    }

    /** The {@code limit} largest shares, largest first (fewer if the side has fewer). */
    List<Share> largest(int limit) {
      return List.of(Arrays.copyOf(largest, Math.min(limit, largestCount)));
    }

    void add(SubjectHash subject, BigDecimal magnitude) {
      count = Math.addExact(count, 1);
      total = total.add(magnitude);
      offer(subject, magnitude);
    }

    /** Adds a magnitude given unscaled at the side's scale. */
    void add(long subjectHigh, long subjectLow, long unscaledMagnitude) {
      addUnscaled(1, unscaledMagnitude);
      // Below the smallest of a full side it cannot rank: a comparison or two, no decimal.
      if (ranks(unscaledMagnitude, subjectHigh, floor, floorKey)) {
        offer(subjectHigh, subjectLow, unscaledMagnitude);
      }
    }

    /**
     * Adds {@code subjects} magnitudes, of which {@link #offer(long, long, long) offer} has seen
     * every one that ranks, whose unscaled sum is {@code highHalves·2^32 + lowHalves}: the sums of
     * their upper and lower 32-bit halves.
     */
    void addSums(long subjects, long lowHalves, long highHalves) {
      long low = HalfSums.low(lowHalves, highHalves);
      long high = HalfSums.high(lowHalves, highHalves);
      if (high == 0 && low >= 0) {
        addUnscaled(subjects, low);
        return;
      }
      count = Math.addExact(count, subjects);
      BigInteger wide = BigInteger.valueOf(high).shiftLeft(64).or(unsigned(low));
      total = total.add(new BigDecimal(wide, scale));
      hasUnscaled = true;
    }

    private static BigInteger unsigned(long word) {
      BigInteger value = BigInteger.valueOf(word);
      return word >= 0 ? value : value.add(BigInteger.ONE.shiftLeft(64));
    }

    /** Adds {@code subjects} magnitudes whose unscaled sum is {@code unscaledSum}, at least 0. */
    private void addUnscaled(long subjects, long unscaledSum) {
      count = Math.addExact(count, subjects);
      long sum = unscaledTotal + unscaledSum;
      if (sum < 0) {
        // Both are at least zero, so a negative sum overflowed: move the long total over.
        total = total.add(BigDecimal.valueOf(unscaledTotal, scale));
        sum = unscaledSum;
      }
      unscaledTotal = sum;
      hasUnscaled = true;
    }

    /** Keeps the share of an unscaled magnitude if it ranks: what {@link #ranks} let through. */
    void offer(long subjectHigh, long subjectLow, long unscaledMagnitude) {
      offer(new SubjectHash(subjectHigh, subjectLow), BigDecimal.valueOf(unscaledMagnitude, scale));
    }

    long floor() {
      return floor;
    }

    long floorKey() {
      return floorKey;
    }

    /** A subject hash's upper word as a signed long that orders as the unsigned word does. */
    static long key(long subjectHigh) {
      return subjectHigh ^ Long.MIN_VALUE;
    }

    /**
     * Whether an unscaled magnitude might rank among the kept shares of a side whose {@link #floor}
     * and {@link #floorKey} are given: false only if it ranks below every one of a full side
     * (smaller, or equal with a larger subject hash), so a share it lets through is still to be
     * {@link #offer offered}. No branch: the comparisons are combined bitwise.
     */
    static boolean ranks(long unscaledMagnitude, long subjectHigh, long floor, long floorKey) {
      return unscaledMagnitude > floor
          | (unscaledMagnitude == floor & key(subjectHigh) <= floorKey);
    }

    void merge(Side other) {
      count = Math.addExact(count, other.count);
      total = total.add(other.total());
      for (int i = 0; i < other.largestCount; i++) {
        offer(other.largest[i].subject(), other.largest[i].amount());
      }
    }

    /** Keeps the share if it is among the {@value #TOP} largest seen: one comparison if not. */
    private void offer(SubjectHash subject, BigDecimal magnitude) {
      int position = largestCount;
      while (position > 0 && largest[position - 1].compareWith(subject, magnitude) > 0) {
        position--;
      }
      if (position == TOP) {
        return;
      }
      int end = Math.min(largestCount, TOP - 1);
      System.arraycopy(largest, position, largest, position + 1, end - position);
      largest[position] = new Share(subject, magnitude);
      largestCount = end + 1;
      if (largestCount == TOP) {
        updateFloor();
      }
    }

    /** The floor, rounded down: a magnitude below it is below the smallest kept share. */
    private void updateFloor() {
      Share smallest = largest[TOP - 1];
      BigDecimal unscaled = smallest.amount().movePointRight(scale);
      BigDecimal whole = unscaled.setScale(0, RoundingMode.FLOOR).min(LONG_MAX);
      floor = whole.longValueExact();
      floorKey = whole.compareTo(unscaled) == 0 ? key(smallest.subject().high()) : Long.MAX_VALUE;
    }
  }
}
