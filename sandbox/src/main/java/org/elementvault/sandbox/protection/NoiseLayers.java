package org.elementvault.sandbox.protection;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The canonical descriptions of the conditions that select one released group: its filter
 * conditions and its grouping labels (as {@code column = value}), each a noise layer.
 *
 * <p>The caller writes each condition in a canonical form of its semantics, so that two spellings
 * of one condition ({@code age BETWEEN 30 AND 39}, {@code age >= 30 AND age <= 39}) give the same
 * text, and it includes the column's dataset-level identity, not an alias. The layers are a set:
 * order and repetition do not matter (repeating a condition must not buy a fresh noise sample).
 *
 * @param conditions the distinct conditions, sorted; empty for a group that is the whole dataset
 */
public record NoiseLayers(List<String> conditions) {

  /** The layer of a group that has no condition: the whole dataset. */
  static final String WHOLE_DATASET = "";

  /** Sorts, removes repetitions and rejects empty conditions. */
  public NoiseLayers {
    Objects.requireNonNull(conditions, "conditions");
    TreeSet<String> sorted = new TreeSet<>();
    for (String condition : conditions) {
      Objects.requireNonNull(condition, "condition");
      if (condition.isEmpty()) {
        throw new IllegalArgumentException("a noise layer condition must not be empty");
      }
      sorted.add(condition);
    }
    conditions = List.copyOf(sorted);
  }

  /** The layers of these conditions. */
  public static NoiseLayers of(String... conditions) {
    return new NoiseLayers(List.of(conditions));
  }

  /** One text per layer: the conditions, or a single whole-dataset layer if there are none. */
  List<String> layers() {
    return conditions.isEmpty() ? List.of(WHOLE_DATASET) : conditions;
  }

  /** All layers as seed fields, for seeds that depend on the group as a whole. */
  SeedEncoder addTo(SeedEncoder seed) {
    seed.add(conditions.size());
    for (String condition : conditions) {
      seed.add(condition);
    }
    return seed;
  }

  /** Redacted: grouping labels are data values. */
  @Override
  public String toString() {
    return "NoiseLayers[" + conditions.size() + " conditions]";
  }
}
