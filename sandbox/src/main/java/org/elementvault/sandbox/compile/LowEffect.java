package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.elementvault.sandbox.compile.ReleaseConditions.Condition;
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
 * conditions was kept (at most {@link org.elementvault.sandbox.exec.FailingRows#KEPT} subjects per
 * combination), so that the answer is exactly that of the query without them.
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

  private boolean isLow(int condition, List<@Nullable Object> group, @Nullable FailedRows rows) {
    if (rows == null) {
      return true; // it excludes no one here
    }
    Optional<Set<Object>> contributors = rows.contributors();
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
