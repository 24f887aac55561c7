package org.elementvault.sandbox.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one field of a plan node is made of: the source columns it derives from, however indirectly,
 * and the form in which they reach it.
 *
 * @param form how the sources reach the field
 * @param sources every source column the value depends on
 * @param function for {@link Form#MASKED} and {@link Form#GENERALIZED}, the function applied to the
 *     one bare source column; otherwise null
 * @param bare whether the value is one source column itself, renamed or cast at most: functions
 *     that take "one bare column" must not accept {@code '1300000' || SUBSTRING(phone, 4, 4)}
 */
record Flow(Form form, Set<Origin> sources, @Nullable String function, boolean bare) {

  /** The forms in which source columns reach a value, from least to most revealing. */
  enum Form {
    /** No source column: a literal or a computation on literals. */
    CONSTANT,
    /** An aggregate over a group, released only above the threshold. */
    AGGREGATED,
    /** A masking function applied to one bare column of its PII type. */
    MASKED,
    /** A generalization (band, truncation, bucket, region, or a condition on the grid). */
    GENERALIZED,
    /** The raw values, or anything computed from them. */
    RAW
  }

  static final Flow CONSTANT = new Flow(Form.CONSTANT, Set.of(), null);

  Flow {
    sources = Set.copyOf(sources);
    bare = bare && form == Form.RAW && sources.size() == 1;
  }

  /** A flow that is not a bare column. */
  Flow(Form form, Set<Origin> sources, @Nullable String function) {
    this(form, sources, function, false);
  }

  /** One source column, as a table scan yields it. */
  static Flow bare(Origin origin) {
    return new Flow(Form.RAW, Set.of(origin), null, true);
  }

  static Flow raw(Set<Origin> sources) {
    return sources.isEmpty() ? CONSTANT : new Flow(Form.RAW, sources, null);
  }

  /** The single source of a bare column reference, or null (also for anything computed). */
  @Nullable Origin bareSource() {
    return bare ? sources.iterator().next() : null;
  }

  /**
   * A value computed from operands: aggregated if it depends only on aggregates (and constants),
   * constant if only on constants, else raw over the sources of its non-aggregated operands
   * (aggregates are thresholded; what they are combined with is what it reveals).
   */
  static Flow computed(List<Flow> operands) {
    Set<Origin> direct = new HashSet<>();
    Set<Origin> aggregated = new HashSet<>();
    boolean anyDirect = false;
    boolean anyAggregate = false;
    for (Flow operand : operands) {
      switch (operand.form) {
        case CONSTANT -> {}
        case AGGREGATED -> {
          anyAggregate = true;
          aggregated.addAll(operand.sources);
        }
        case RAW, MASKED, GENERALIZED -> {
          anyDirect = true;
          direct.addAll(operand.sources);
        }
      }
    }
    if (anyDirect) {
      return raw(direct);
    }
    return anyAggregate ? new Flow(Form.AGGREGATED, aggregated, null) : CONSTANT;
  }

  /** The flow of a field that takes its value from any of {@code branches} (set operations). */
  static Flow merge(List<Flow> branches) {
    Flow first = branches.get(0);
    boolean same = branches.stream().allMatch(f -> f.form == first.form);
    boolean sameFunction =
        branches.stream()
            .allMatch(
                f ->
                    f.function == null
                        ? first.function == null
                        : f.function.equals(first.function));
    Set<Origin> all = new HashSet<>();
    branches.forEach(f -> all.addAll(f.sources));
    if (same && sameFunction) {
      return new Flow(first.form, all, first.function, branches.stream().allMatch(Flow::bare));
    }
    return raw(all);
  }
}
