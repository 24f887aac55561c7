package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.elementvault.sandbox.compile.ReleaseConditions.Condition;
import org.elementvault.sandbox.exec.FailingRows;
import org.elementvault.sandbox.protection.LowCountFilter;
import org.elementvault.sandbox.protection.NoiseKey;
import org.elementvault.sandbox.protection.NoiseLayers;
import org.elementvault.sandbox.protection.SubjectSetDigest;
import org.jspecify.annotations.Nullable;

/**
 * Low-effect detection, after Open Diffix Fir: a condition that, in one group, excludes only a few
 * subjects is answered as if it were absent, so that a condition isolating one person ({@code NOT
 * (gender = 'F' AND age = 47)}) changes nothing, whether that person is in the group or not, and a
 * comparison with the same query without it says nothing.
 *
 * <p>A checked condition is of low effect in a group when the subjects of the group's rows that
 * fail it alone are fewer than a sticky noisy threshold of at least {@value #AT_LEAST}: {@link
 * LowCountFilter} of the condition's columns, the group's keys and those subjects. The noise is
 * seeded by the columns, never by the condition's text, so that respelling it buys no fresh
 * decision. Conditions are dropped in order, each only if every row that fails only dropped
 * conditions was kept (at most {@link FailingRows#KEPT} subjects per combination), so that the
 * answer is exactly that of the query without them.
 */
final class LowEffect {

  /** The fewest subjects a condition must exclude in a group to count. */
  static final int AT_LEAST = 3;

  private final NoiseKey key;
  private final List<Condition> checked;
  private final LowCountFilter threshold;

  LowEffect(NoiseKey key, List<Condition> checked) {
    this.key = key;
    this.checked = List.copyOf(checked);
    this.threshold = LowCountFilter.create(key, AT_LEAST);
  }

  /**
   * The mask of the checked conditions dropped in the group {@code group}, whose failing rows per
   * combination of failed conditions are {@code failed}.
   */
  int dropped(List<@Nullable Object> group, Map<Integer, FailedRows> failed) {
    int dropped = 0;
    for (int i = 0; i < checked.size(); i++) {
      int bit = 1 << i;
      if (!isLow(i, group, failed.get(bit))) {
        continue;
      }
      int candidate = dropped | bit;
      boolean kept = true;
      for (Map.Entry<Integer, FailedRows> entry : failed.entrySet()) {
        int mask = entry.getKey();
        if ((mask & bit) != 0 && (mask & ~candidate) == 0 && entry.getValue().rows() == null) {
          kept = false;
        }
      }
      if (kept) {
        dropped = candidate;
      }
    }
    return dropped;
  }

  /**
   * Rows in force once the conditions of {@code dropped} are: a combination of branches, with its
   * subjects unless too many to be of low effect.
   *
   * @param mark the rows' mark (failure mask and branch codes, see {@link
   *     ReleaseConditions#masked})
   * @param contributors the distinct contributors of the rows, empty if too many
   */
  record Held(long mark, Optional<Set<Object>> contributors) {}

  /**
   * The branches kept of each condition with branches that is in force in group {@code group}, the
   * conditions of {@code dropped} being dropped and {@code held} the rows in force: branch by
   * branch, a branch is dropped if the subjects whose rows hold through it alone, among the
   * branches still kept, are of low effect. A combination with too many subjects to be held keeps
   * each of its branches, so that rows an executor could not hold are always in force.
   */
  Map<Integer, BitSet> keptBranches(
      List<@Nullable Object> group, int dropped, List<Held> held, ReleaseConditions conditions) {
    Map<Integer, BitSet> kept = new HashMap<>();
    for (int j = 0; j < checked.size(); j++) {
      Branches branches = checked.get(j).branches();
      if (branches == null || (dropped & (1 << j)) != 0) {
        continue;
      }
      BitSet in = new BitSet();
      in.set(0, branches.size());
      if (branches.disjoint()) {
        // One branch per row: the rows through a branch alone are its rows.
        Map<Long, Effect> byBranch = new HashMap<>();
        for (Held rows : held) {
          long code = conditions.code(rows.mark(), j);
          if (code > 0) {
            byBranch.computeIfAbsent(code - 1, c -> new Effect()).add(rows);
          }
        }
        for (int b = 0; b < branches.size(); b++) {
          Effect effect = byBranch.get((long) b);
          if (isLow(j, group, effect == null ? Optional.of(Set.of()) : effect.contributors())) {
            in.clear(b);
          }
        }
      } else {
        for (int b = 0; b < branches.size(); b++) {
          Effect effect = new Effect();
          for (Held rows : held) {
            BitSet through = branches.satisfied(conditions.code(rows.mark(), j));
            through.and(in);
            if (through.cardinality() == 1 && through.get(b)) {
              effect.add(rows);
            }
          }
          if (isLow(j, group, effect.contributors())) {
            in.clear(b);
          }
        }
      }
      kept.put(j, in);
    }
    return kept;
  }

  /** The subjects whose rows hold through one branch alone, unless too many. */
  private static final class Effect {
    private @Nullable Set<Object> subjects = new HashSet<>();

    void add(Held rows) {
      if (subjects == null) {
        return;
      }
      if (rows.contributors().isEmpty()) {
        subjects = null;
        return;
      }
      subjects.addAll(rows.contributors().get());
      if (subjects.size() > FailingRows.KEPT) {
        subjects = null;
      }
    }

    Optional<Set<Object>> contributors() {
      return Optional.ofNullable(subjects);
    }
  }

  private boolean isLow(int condition, List<@Nullable Object> group, @Nullable FailedRows rows) {
    if (rows == null) {
      return true; // it excludes no one here
    }
    return isLow(condition, group, rows.contributors());
  }

  private boolean isLow(
      int condition, List<@Nullable Object> group, Optional<Set<Object>> contributors) {
    if (contributors.isEmpty()) {
      return false;
    }
    SubjectSetDigest.Accumulator subjects = SubjectSetDigest.accumulator();
    contributors.get().forEach(c -> subjects.add(key.subject(c.toString())));
    List<String> layers = new ArrayList<>();
    layers.add("low effect");
    layers.addAll(checked.get(condition).columns());
    for (Object value : group) {
      layers.add("key " + value);
    }
    return !threshold.passes(new NoiseLayers(layers), subjects.digest());
  }
}
