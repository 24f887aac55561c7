package org.elementvault.sandbox.exec;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.RelNode;
import org.elementvault.sandbox.protection.NoiseKey;

/**
 * What a protected release may ask an executor to compute itself instead of streaming rows (see
 * {@link Executor#contributions}): per group, each subject's keyed hash and its partial aggregates,
 * over an input in which every row is a different subject, so that a row is its subject's whole
 * contribution.
 *
 * @param input the rows aggregated, each a different subject
 * @param keys the fields of {@code input} grouped on, in the release's key order
 * @param subject the field of {@code input} naming the subject; a row where it is NULL is no one's
 *     and contributes nothing, though its group exists
 * @param partials what each subject contributes, in the release's partial order
 * @param noiseKey the key the subjects are hashed under
 * @param reportsFailing whether the rows that fail the input's filters are reported too ({@link
 *     FailingRows}), with the filters numbered top-down, each filter's conjuncts in order
 */
public record ContributionQuery(
    RelNode input,
    List<Integer> keys,
    int subject,
    List<Partial> partials,
    NoiseKey noiseKey,
    boolean reportsFailing) {

  /** Checks for nulls and copies the lists. */
  public ContributionQuery {
    Objects.requireNonNull(input, "input");
    keys = List.copyOf(keys);
    partials = List.copyOf(partials);
    Objects.requireNonNull(noiseKey, "noiseKey");
  }

  /** What one partial aggregate takes from a subject's row. */
  public enum Kind {
    /** 1: the row itself ({@code COUNT(*)}). */
    ROWS,
    /** 1 if the field is not NULL, else 0 ({@code COUNT(x)}). */
    VALUES,
    /** The field's number; a NULL or non-finite one contributes nothing ({@code SUM(x)}). */
    VALUE
  }

  /**
   * One partial aggregate.
   *
   * @param kind what it takes from a row
   * @param field the field of the input it reads; -1 for {@link Kind#ROWS}
   */
  public record Partial(Kind kind, int field) {

    /** Checks that a field is given unless the kind reads none. */
    public Partial {
      Objects.requireNonNull(kind, "kind");
      if ((kind == Kind.ROWS) != (field < 0)) {
        throw new IllegalArgumentException(
            "a partial reads a field of the input unless it counts rows, got "
                + kind
                + " "
                + field);
      }
    }
  }
}
