package org.elementvault.engine.result;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The release ledger's gate (DESIGN.md, Release protection): whether two releases of the same
 * question (same tenant, datasets and conditions) together expose a group the threshold suppressed.
 * When one grouping's columns are a strict subset of the other's (the grand total has none), each
 * cell the coarser release released is the sum of the finer release's cells under it; if the
 * suppressed ones among them hold between 1 and k − 1 subjects, the coarse cell minus the released
 * fine cells computes them, noisily but about fewer than k people. The same grouping (a rerun)
 * never re-slices; groupings of which neither contains the other are left to the noise.
 */
final class ResliceGate {

  private ResliceGate() {}

  /** Whether {@code next} and {@code earlier}, in either order, expose a suppressed group. */
  static boolean reslices(ReleaseShape next, ReleaseShape earlier) {
    Set<String> nextColumns = Set.copyOf(next.columns());
    Set<String> earlierColumns = Set.copyOf(earlier.columns());
    if (nextColumns.equals(earlierColumns)) {
      return false;
    }
    if (earlierColumns.containsAll(nextColumns)) {
      return exposes(next, earlier);
    }
    if (nextColumns.containsAll(earlierColumns)) {
      return exposes(earlier, next);
    }
    return false;
  }

  /**
   * Whether a released cell of {@code coarse} covers suppressed cells of {@code fine} of 1 to k − 1
   * subjects in all, k being the fine release's threshold: the promise its suppression made.
   */
  private static boolean exposes(ReleaseShape coarse, ReleaseShape fine) {
    int[] projection = new int[coarse.columns().size()];
    for (int i = 0; i < projection.length; i++) {
      projection[i] = fine.columns().indexOf(coarse.columns().get(i));
    }
    Map<List<Fingerprint>, Long> suppressed = new HashMap<>();
    for (ReleaseShape.Group group : fine.groups()) {
      if (!group.released()) {
        List<Fingerprint> cell = new ArrayList<>(projection.length);
        for (int column : projection) {
          cell.add(group.keys().get(column));
        }
        suppressed.merge(cell, group.subjects(), Math::addExact);
      }
    }
    for (ReleaseShape.Group cell : coarse.groups()) {
      Long remainder = cell.released() ? suppressed.get(cell.keys()) : null;
      if (remainder != null && remainder >= 1 && remainder < fine.threshold()) {
        return true;
      }
    }
    return false;
  }
}
