package org.elementvault.engine.dataset;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an import learns from its rows besides the chunks: each batch's statistics, whether the
 * subject is unique, and the common categories and histogram buckets. A batch's share is tallied by
 * {@link #tally} on the thread that writes the batch, beside the others, and {@link #add added} in
 * file order on the importing thread, which then only merges small summaries.
 */
final class ImportTally {

  private final Schema schema;
  private final int subject;
  private final List<BatchStats> batches = new ArrayList<>();
  private final SubjectUniqueness subjects = new SubjectUniqueness();
  private final CategoryTally categories;
  private final HistogramTally histograms;

  ImportTally(Schema schema) {
    this.schema = schema;
    this.subject = schema.columnIndex(schema.subject()).orElseThrow();
    this.categories = new CategoryTally(schema);
    this.histograms = new HistogramTally(schema);
  }

  /**
   * One batch's share: its first {@code count} rows tallied, before its vectors are sealed.
   * Thread-safe; reads nothing but the batch.
   */
  Part tally(ArrowColumns.BatchWriter batch, int count) {
    CategoryTally batchCategories = new CategoryTally(schema);
    batchCategories.add(batch, count);
    HistogramTally batchHistograms = new HistogramTally(schema);
    batchHistograms.add(batch, count);
    return new Part(
        batch.stats(count),
        subjects.keys(batch.vector(subject), count),
        batchCategories,
        batchHistograms);
  }

  /** Adds the share of the next batch in file order. */
  void add(Part part) {
    batches.add(part.stats());
    subjects.add(part.subjectKeys());
    categories.merge(part.categories());
    histograms.merge(part.histograms());
  }

  /** The statistics of every batch added, in file order. */
  List<BatchStats> batches() {
    return List.copyOf(batches);
  }

  boolean subjectUnique() {
    return subjects.unique();
  }

  List<Categories> categories() {
    return categories.categories();
  }

  List<Histogram> histograms() {
    return histograms.histograms();
  }

  /** One batch's share of the tally, owned by whoever holds it. */
  record Part(
      BatchStats stats,
      long @Nullable [] subjectKeys,
      CategoryTally categories,
      HistogramTally histograms) {}
}
