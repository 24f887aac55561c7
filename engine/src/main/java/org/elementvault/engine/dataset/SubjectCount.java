package org.elementvault.engine.dataset;

import org.apache.arrow.vector.FieldVector;

/**
 * The rows an import finds for one value (or range of values) of a column, and its distinct
 * subjects counted up to {@link Categories#MIN_SUBJECTS}: enough to tell whether the value is
 * common. Subjects are told apart by a 32-bit hash of their value, so a collision (or a crafted
 * one) can only make a value look held by fewer subjects than it is, never by more.
 */
final class SubjectCount {

  private final int[] hashes = new int[Categories.MIN_SUBJECTS];
  private long rows;
  private int subjects;

  /** Counts row {@code row}, whose subject is at {@code row} of {@code subjectVector}. */
  void add(FieldVector subjectVector, int row) {
    rows++;
    if (subjects == hashes.length) {
      return;
    }
    remember(subjectVector.hashCode(row));
  }

  /**
   * Adds the rows and subjects {@code other} counted. Each side keeps every subject it saw until it
   * has enough, so the union has enough exactly when the subjects of both together do.
   */
  void merge(SubjectCount other) {
    rows += other.rows;
    for (int i = 0; i < other.subjects && subjects < hashes.length; i++) {
      remember(other.hashes[i]);
    }
  }

  private void remember(int hash) {
    for (int i = 0; i < subjects; i++) {
      if (hashes[i] == hash) {
        return;
      }
    }
    hashes[subjects++] = hash;
  }

  long rows() {
    return rows;
  }

  /** Whether at least {@link Categories#MIN_SUBJECTS} distinct subjects were counted. */
  boolean isCommon() {
    return subjects >= Categories.MIN_SUBJECTS;
  }
}
