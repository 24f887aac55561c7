package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
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
     * Once the side is full ({@code hasFloor}): its smallest kept share's magnitude, unscaled and
     * rounded down ({@code floorIsExact} if nothing was rounded away), and its subject.
     */
    private boolean hasFloor;

    private long floor;
    private boolean floorIsExact;
    private long floorHigh;
    private long floorLow;

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
      count = Math.addExact(count, 1);
      long sum = unscaledTotal + unscaledMagnitude;
      if (sum < 0) {
        // Both are at least zero, so a negative sum overflowed: move the long total over.
        total = total.add(BigDecimal.valueOf(unscaledTotal, scale));
        sum = unscaledMagnitude;
      }
      unscaledTotal = sum;
      hasUnscaled = true;
      // Below the smallest of a full side it cannot rank: a comparison or two, no decimal.
      if (!isBelowFloor(subjectHigh, subjectLow, unscaledMagnitude)) {
        offer(
            new SubjectHash(subjectHigh, subjectLow), BigDecimal.valueOf(unscaledMagnitude, scale));
      }
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
      floorIsExact = whole.compareTo(unscaled) == 0;
      floorHigh = smallest.subject().high();
      floorLow = smallest.subject().low();
      hasFloor = true;
    }

    /**
     * Whether a magnitude, unscaled, ranks below every kept share of a full side: smaller, or equal
     * with a subject hash above the floor's (as {@link SubjectHash#compareTo} orders them).
     */
    private boolean isBelowFloor(long subjectHigh, long subjectLow, long unscaledMagnitude) {
      if (!hasFloor || unscaledMagnitude > floor) {
        return false;
      }
      if (unscaledMagnitude < floor) {
        return true;
      }
      int byHigh = Long.compareUnsigned(subjectHigh, floorHigh);
      return floorIsExact
          && (byHigh != 0 ? byHigh > 0 : Long.compareUnsigned(subjectLow, floorLow) > 0);
    }
  }
}
