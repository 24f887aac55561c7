package org.elementvault.sandbox.protection;

import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link Contributors} of many groups, added to a column of subjects at a time: what an
 * executor feeding millions of subjects per query uses instead of an {@link Contributors#add(long,
 * long, long) add} per subject. Per group it sums, in one array, the subjects, the halves of their
 * hashes and of each side's magnitudes (additions, no branch on the data and no object per
 * subject), and tests each magnitude against the side's running floor with one combined comparison;
 * only the rare subject that may rank among a side's largest is offered to it. At the end of each
 * {@link #add} the sums join the groups' Contributors.
 *
 * <p>Every group's Contributors equal, exactly, those made by adding the same subjects one at a
 * time (Contributors are independent of order and batching, and a floor read before later offers
 * only lets more through).
 *
 * <h2>Caller's duties</h2>
 *
 * <p>As {@link Contributors}': each subject once per group, with its contributions combined. Not
 * thread-safe: one per worker.
 */
public final class ContributorColumns {

  /** Per group, this add's sums and the sides' floors, at these offsets of {@link #STRIDE}. */
  private static final int SUBJECTS = 0;

  private static final int HASH_HIGH = 1;
  private static final int HASH_LOW_LOW = 2;
  private static final int HASH_LOW_HIGH = 3;
  private static final int POSITIVE_COUNT = 4;
  private static final int POSITIVE_LOW = 5;
  private static final int POSITIVE_HIGH = 6;
  private static final int NEGATIVE_COUNT = 7;
  private static final int NEGATIVE_LOW = 8;
  private static final int NEGATIVE_HIGH = 9;
  private static final int POSITIVE_FLOOR = 10;
  private static final int POSITIVE_FLOOR_KEY = 11;
  private static final int NEGATIVE_FLOOR = 12;
  private static final int NEGATIVE_FLOOR_KEY = 13;

  /** Sixteen longs, two cache lines, per group. */
  private static final int STRIDE = 16;

  private final int scale;
  private Contributors[] groups = new Contributors[0];
  private long[] sums = new long[0];
  private int groupCount;

  /**
   * Groups whose contributions {@link #add} takes as unscaled values at {@code scale} decimal
   * places (see {@link Contributors#Contributors(int)}).
   */
  public ContributorColumns(int scale) {
    this.scale = scale;
    var unused = new Contributors(scale); // checks the scale now rather than at the first group
  }

  /** The number of groups. */
  public int groupCount() {
    return groupCount;
  }

  /** Makes empty groups up to {@code groups - 1}. */
  public void ensure(int groups) {
    if (groups <= groupCount) {
      return;
    }
    if (this.groups.length < groups) {
      int size = Math.max(groups, 2 * this.groups.length);
      this.groups = Arrays.copyOf(this.groups, size);
      this.sums = Arrays.copyOf(sums, size * STRIDE);
    }
    for (int g = groupCount; g < groups; g++) {
      this.groups[g] = new Contributors(scale);
      readFloors(g);
    }
    groupCount = groups;
  }

  /**
   * The contributors of {@code group}: live, so what is added to them directly (a contribution that
   * is no long, such as a double's decimal) joins the group.
   */
  public Contributors contributors(int group) {
    Objects.checkIndex(group, groupCount);
    return groups[group];
  }

  /**
   * Adds the first {@code count} subjects: subject {@code i}'s hash is {@code hashWords[2·rows[i]]}
   * (upper word) and {@code hashWords[2·rows[i] + 1]}, its group {@code groupIds[i]} and its
   * contribution the unscaled value {@code unscaled[i]}, of any sign.
   *
   * @throws IndexOutOfBoundsException if an array is shorter than {@code count} (checked first) or
   *     a group id is not below {@link #groupCount()}
   */
  public void add(long[] hashWords, int[] rows, int[] groupIds, long[] unscaled, int count) {
    Objects.checkFromIndexSize(0, count, rows.length);
    Objects.checkFromIndexSize(0, count, groupIds.length);
    Objects.checkFromIndexSize(0, count, unscaled.length);
    long[] s = sums;
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      long high = hashWords[2 * row];
      long low = hashWords[2 * row + 1];
      long amount = unscaled[i];
      int g = Objects.checkIndex(groupIds[i], groupCount);
      if (amount == Long.MIN_VALUE) {
        // Its magnitude has no long: the one-at-a-time way, which takes a decimal.
        groups[g].add(high, low, amount);
        readFloors(g);
        continue;
      }
      int at = g * STRIDE;
      s[at + SUBJECTS]++;
      s[at + HASH_HIGH] += high;
      s[at + HASH_LOW_LOW] += low & HalfSums.LOW_HALF;
      s[at + HASH_LOW_HIGH] += low >>> 32;
      // A zero is on both sides, as Flattening has it.
      long up = Math.max(amount, 0);
      long down = Math.max(-amount, 0);
      boolean isUp = amount >= 0;
      boolean isDown = amount <= 0;
      s[at + POSITIVE_COUNT] += isUp ? 1 : 0;
      s[at + POSITIVE_LOW] += up & HalfSums.LOW_HALF;
      s[at + POSITIVE_HIGH] += up >>> 32;
      s[at + NEGATIVE_COUNT] += isDown ? 1 : 0;
      s[at + NEGATIVE_LOW] += down & HalfSums.LOW_HALF;
      s[at + NEGATIVE_HIGH] += down >>> 32;
      boolean upRanks =
          isUp
              & Contributors.Side.ranks(
                  up, high, s[at + POSITIVE_FLOOR], s[at + POSITIVE_FLOOR_KEY]);
      boolean downRanks =
          isDown
              & Contributors.Side.ranks(
                  down, high, s[at + NEGATIVE_FLOOR], s[at + NEGATIVE_FLOOR_KEY]);
      if (upRanks | downRanks) {
        offer(g, high, low, upRanks, up, downRanks, down);
      }
    }
    for (int g = 0; g < groupCount; g++) {
      join(g);
    }
  }

  private void offer(
      int g, long high, long low, boolean upRanks, long up, boolean downRanks, long down) {
    Contributors group = groups[g];
    if (upRanks) {
      group.positive().offer(high, low, up);
    }
    if (downRanks) {
      group.negative().offer(high, low, down);
    }
    readFloors(g);
  }

  private void readFloors(int g) {
    int at = g * STRIDE;
    Contributors group = groups[g];
    sums[at + POSITIVE_FLOOR] = group.positive().floor();
    sums[at + POSITIVE_FLOOR_KEY] = group.positive().floorKey();
    sums[at + NEGATIVE_FLOOR] = group.negative().floor();
    sums[at + NEGATIVE_FLOOR_KEY] = group.negative().floorKey();
  }

  /** Moves group {@code g}'s sums into its Contributors and clears them. */
  private void join(int g) {
    int at = g * STRIDE;
    long subjects = sums[at + SUBJECTS];
    if (subjects == 0) {
      return;
    }
    Contributors group = groups[g];
    group.addSubjects(
        SubjectSetDigest.ofSums(
            subjects, sums[at + HASH_HIGH], sums[at + HASH_LOW_LOW], sums[at + HASH_LOW_HIGH]));
    if (sums[at + POSITIVE_COUNT] > 0) {
      group
          .positive()
          .addSums(sums[at + POSITIVE_COUNT], sums[at + POSITIVE_LOW], sums[at + POSITIVE_HIGH]);
    }
    if (sums[at + NEGATIVE_COUNT] > 0) {
      group
          .negative()
          .addSums(sums[at + NEGATIVE_COUNT], sums[at + NEGATIVE_LOW], sums[at + NEGATIVE_HIGH]);
    }
    Arrays.fill(sums, at, at + NEGATIVE_HIGH + 1, 0L);
  }

  /** Redacted but for the number of groups. */
  @Override
  public String toString() {
    return "ContributorColumns[groups=" + groupCount + ", contributions=redacted]";
  }
}
