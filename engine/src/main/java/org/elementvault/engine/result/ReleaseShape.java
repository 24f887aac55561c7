package org.elementvault.engine.result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What an aggregate release looked like, with no value in it: the question it answered (datasets
 * and a fingerprint of its conditions), its group columns, and every group it formed, released or
 * suppressed. The release ledger keeps it so that a later release cannot be subtracted from it (or
 * it from the later one) to compute a group the threshold suppressed.
 *
 * <p>Group keys are keyed per-column fingerprints, so a group can be projected onto fewer columns
 * (the cell of {@code district, gender} onto its {@code district}) without any value being stored.
 * Only suppressed groups carry their exact distinct-subject count; a released group's is not kept.
 *
 * @param threshold the k the release was thresholded with
 * @param datasets the stable identities of the datasets read, sorted
 * @param conditions the keyed fingerprint of the release's conditions (filters and joins)
 * @param columns the group columns, each described by its source column and expression
 * @param groups every group, sorted by its keys
 */
public record ReleaseShape(
    int threshold,
    List<String> datasets,
    Fingerprint conditions,
    List<String> columns,
    List<ReleaseShape.Group> groups) {

  private static final Comparator<Group> BY_KEYS =
      (a, b) -> {
        for (int i = 0; i < a.keys().size(); i++) {
          int order = a.keys().get(i).compareTo(b.keys().get(i));
          if (order != 0) {
            return order;
          }
        }
        return 0;
      };

  public ReleaseShape {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    Objects.requireNonNull(conditions, "conditions");
    List<String> sortedDatasets = new ArrayList<>(datasets);
    sortedDatasets.sort(Comparator.naturalOrder());
    datasets = List.copyOf(sortedDatasets);
    if (datasets.isEmpty()) {
      throw new IllegalArgumentException("a release reads at least one dataset");
    }
    columns = List.copyOf(columns);
    List<Group> sortedGroups = new ArrayList<>(groups);
    for (Group group : sortedGroups) {
      if (group.keys().size() != columns.size()) {
        throw new IllegalArgumentException(
            "a group must have one key per column (" + columns.size() + ")");
      }
    }
    sortedGroups.sort(BY_KEYS);
    groups = List.copyOf(sortedGroups);
  }

  /**
   * One group of a release.
   *
   * @param keys the keyed fingerprint of each group column's value, in column order
   * @param released whether the group was released
   * @param subjects the exact count of distinct subjects of a suppressed group; 0 for a released
   *     one, whose count is not kept
   */
  public record Group(List<Fingerprint> keys, boolean released, long subjects) {

    public Group {
      keys = List.copyOf(keys);
      if (subjects < 0 || (released && subjects != 0)) {
        throw new IllegalArgumentException(
            "subjects must be 0 for a released group and at least 0 otherwise, got " + subjects);
      }
    }

    /** A released group. */
    public static Group released(List<Fingerprint> keys) {
      return new Group(keys, true, 0);
    }

    /** A suppressed group of {@code subjects} distinct subjects. */
    public static Group suppressed(List<Fingerprint> keys, long subjects) {
      return new Group(keys, false, subjects);
    }
  }
}
