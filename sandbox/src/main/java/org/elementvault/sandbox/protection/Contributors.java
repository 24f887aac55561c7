package org.elementvault.sandbox.protection;

import java.math.BigDecimal;
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

  private final Side positive = new Side();
  private final Side negative = new Side();
  private final SubjectSetDigest.Accumulator subjects = SubjectSetDigest.accumulator();

  /** An empty group. */
  public Contributors() {}

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

  /** The magnitudes of one side: how many, their exact total, and the largest {@value #TOP}. */
  static final class Side {

    private long count;
    private BigDecimal total = BigDecimal.ZERO;
    private final Share[] largest = new Share[TOP];
    private int largestCount;

    long count() {
      return count;
    }

    BigDecimal total() {
      return total;
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

    void merge(Side other) {
      count = Math.addExact(count, other.count);
      total = total.add(other.total);
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
    }
  }
}
