package org.elementvault.sandbox.sample;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.ArrowColumns;
import org.elementvault.engine.dataset.BatchStats;
import org.elementvault.engine.dataset.Categories;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.dataset.Histogram;
import org.elementvault.engine.dataset.Schema;
import org.elementvault.sandbox.catalog.BatchStream;
import org.jspecify.annotations.Nullable;

/**
 * Synthetic sample data of a dataset for developing an element before its approval (DESIGN.md,
 * Element lifecycle): batches shaped exactly like a scan's ({@link ArrowColumns#field} of each
 * requested column, in the requested order), at most {@value #MAX_ROWS} rows in all, filled with
 * values that follow each column's type and classification but are never read from the vault.
 *
 * <p>What a sample takes from the dataset: its schema; from the latest version's per-batch
 * statistics (kept for scan pruning) the bounds of number, date and timestamp columns and their
 * null counts; and what the same version's import recorded for samples: the common values of
 * GENERAL text columns without a PII type ({@link Categories}) and the coarse shape of number
 * columns ({@link Histogram}), both only where at least {@value Categories#MIN_SUBJECTS} distinct
 * subjects share a value or a grid bucket. Nothing else, and never a stored value of any other
 * column: a sample run reveals the schema and rounded statistics, no person's value.
 *
 * <ul>
 *   <li>Numbers (see {@code NumberRange}) never take an observed bound (each is one person's value)
 *       and leave no gap where one would be. Where the import recorded the column's shape (not for
 *       CORE columns), they follow it bucket by bucket on the 1-2-5 grid, with row counts rounded,
 *       within the bounds pulled strictly inside to a grid step a tenth of their size, and no
 *       further than the buckets ten subjects share, so an outlier never shows. Otherwise they lie
 *       strictly inside the bounds rounded to a grid step a tenth of the range, crowding its middle
 *       (on a log scale for positive ranges over three decades). With two batches or more the
 *       bounds are the second-lowest batch minimum and second-highest batch maximum. Without
 *       bounds: 0 to 1,000 (less where the type holds less).
 *   <li>Dates and timestamps lie in the whole calendar years strictly between the observed bounds,
 *       or the whole months if there is no such year, or the month before and the month after a
 *       narrower range. Without bounds: 2000 to 2024 (1940 to 2006 for a birth date), timestamps
 *       2020 to 2024.
 *   <li>GENERAL text without a PII type draws from the column's common values, as often as the
 *       column holds them (row counts rounded to two significant digits, to tens below 100); a
 *       value fewer than {@value Categories#MIN_SUBJECTS} subjects hold never appears. Without
 *       common values (other levels, too many distinct values, a version imported before they were
 *       kept): {@code value_1} to {@code value_20}. A subject column numbers its rows ({@code
 *       subject_1}, …), and a whole-number subject counts up from the low end of its range, so
 *       distinct-subject thresholds behave as on real data.
 *   <li>Text of a PII type is invented in its shape: resident IDs with a correct GB 11643 check
 *       character, mobile numbers, names of two or three Chinese characters, addresses, Luhn-valid
 *       bank cards, emails at reserved example domains, coordinates in China, {@code yyyy-MM-dd}
 *       birth dates; each passes the import's format check.
 *   <li>Booleans are fair coin flips.
 *   <li>Nulls: the column's share of them rounded to the nearest grid value, none if it has fewer
 *       than {@value Observed#MIN_NULLS}; 1% without statistics; never in the subject.
 * </ul>
 *
 * <p>The same dataset record, columns, row count and seed always give the same batches, and a
 * column's values do not depend on which other columns are requested. The stream owns its vectors:
 * {@link #next()} releases the previous batch and {@link #close()} the last, so the allocator is
 * back to where it was. Not thread-safe.
 */
public final class SampleBatches implements BatchStream {

  /** The most rows in one batch, as in a stored dataset. */
  public static final int BATCH_ROWS = Datasets.BATCH_ROWS;

  /**
   * The most rows a sample has: enough to develop against (groups of a few columns pass a threshold
   * of 10), few enough that a sample is no bulk copy of anything.
   */
  public static final int MAX_ROWS = 10_000;

  private final List<Column> columns;
  private final List<ColumnSampler> samplers;
  private final long rows;
  private final BufferAllocator allocator;
  private long produced;
  private @Nullable VectorSchemaRoot current;
  private boolean closed;

  private SampleBatches(
      List<Column> columns, List<ColumnSampler> samplers, long rows, BufferAllocator allocator) {
    this.columns = columns;
    this.samplers = samplers;
    this.rows = rows;
    this.allocator = allocator;
  }

  /**
   * What a sample may take from a dataset version besides its schema.
   *
   * @param batches the statistics of its stored batches, in order
   * @param categories the common values of its GENERAL text columns
   * @param histograms the coarse shapes of its number columns
   */
  public record Statistics(
      List<BatchStats> batches, List<Categories> categories, List<Histogram> histograms) {

    /** Nothing: a dataset without a version yet. */
    public static final Statistics NONE = new Statistics(List.of(), List.of(), List.of());

    public Statistics {
      batches = List.copyOf(batches);
      categories = List.copyOf(categories);
      histograms = List.copyOf(histograms);
    }

    /** What {@code version} recorded. */
    public static Statistics of(DatasetVersion version) {
      return new Statistics(version.batches(), version.categories(), version.histograms());
    }
  }

  /**
   * A sample of {@code rows} rows of {@code columns} of {@code dataset}, shaped by its latest
   * version's statistics (by its schema alone if it has none yet). The caller closes it; vectors
   * come from {@code allocator}, whose limit bounds the sample's memory.
   *
   * @throws VaultException {@code NOT_FOUND} for a column the dataset does not have, {@code
   *     USER_ERROR} for a column requested twice
   * @throws IllegalArgumentException if {@code rows} is negative or above {@link #MAX_ROWS}
   */
  public static SampleBatches create(
      Dataset dataset, List<String> columns, long rows, long seed, BufferAllocator allocator) {
    Statistics statistics = dataset.latest().map(Statistics::of).orElse(Statistics.NONE);
    return create(dataset.name(), dataset.schema(), statistics, columns, rows, seed, allocator);
  }

  /**
   * A sample of {@code rows} rows of {@code columns} of a dataset with {@code schema} whose latest
   * version recorded {@code statistics}. The caller closes it.
   *
   * @throws VaultException {@code NOT_FOUND} for a column the schema does not have, {@code
   *     USER_ERROR} for a column requested twice
   * @throws IllegalArgumentException if {@code rows} is negative or above {@link #MAX_ROWS}, or a
   *     batch's statistics do not have one entry per schema column
   */
  public static SampleBatches create(
      Schema schema,
      Statistics statistics,
      List<String> columns,
      long rows,
      long seed,
      BufferAllocator allocator) {
    return create("sample", schema, statistics, columns, rows, seed, allocator);
  }

  private static SampleBatches create(
      String datasetName,
      Schema schema,
      Statistics statistics,
      List<String> columnNames,
      long rows,
      long seed,
      BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(statistics, "statistics");
    if (rows < 0 || rows > MAX_ROWS) {
      throw new IllegalArgumentException("rows must be from 0 to " + MAX_ROWS + ", was " + rows);
    }
    for (BatchStats batch : statistics.batches()) {
      if (batch.columns().size() != schema.columns().size()) {
        throw new IllegalArgumentException("batch statistics must have one entry per column");
      }
    }
    // One generator per schema column, split in schema order: a column's values depend on the
    // seed alone, not on which other columns a query reads.
    SplittableRandom root = new SplittableRandom(seed);
    List<SplittableRandom> generators = new ArrayList<>();
    for (int i = 0; i < schema.columns().size(); i++) {
      generators.add(root.split());
    }
    List<Column> columns = new ArrayList<>();
    List<ColumnSampler> samplers = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String name : columnNames) {
      if (!seen.add(name)) {
        throw new VaultException(ErrorCode.USER_ERROR, "column " + name + " requested twice");
      }
      OptionalInt index = schema.columnIndex(name);
      if (index.isEmpty()) {
        throw new VaultException(
            ErrorCode.NOT_FOUND,
            "dataset " + datasetName + " has no column " + Names.check("column", name));
      }
      Column column = schema.columns().get(index.getAsInt());
      columns.add(column);
      samplers.add(
          ColumnSampler.of(
              column,
              index.getAsInt(),
              schema.isSubject(column),
              statistics.batches(),
              statistics.categories(),
              statistics.histograms(),
              generators.get(index.getAsInt())));
    }
    return new SampleBatches(List.copyOf(columns), List.copyOf(samplers), rows, allocator);
  }

  @Override
  public boolean next() {
    closeCurrent();
    if (closed || produced >= rows) {
      return false;
    }
    int count = (int) Math.min(BATCH_ROWS, rows - produced);
    List<FieldVector> vectors = new ArrayList<>();
    try {
      for (int i = 0; i < columns.size(); i++) {
        FieldVector vector = ArrowColumns.field(columns.get(i)).createVector(allocator);
        vectors.add(vector);
        vector.setInitialCapacity(count);
        vector.allocateNew();
        samplers.get(i).fill(vector, count, produced);
      }
      // The constructor a scan uses, so the row count is set the same way.
      current = new VectorSchemaRoot(vectors);
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    produced += count;
    return true;
  }

  @Override
  public VectorSchemaRoot batch() {
    if (current == null) {
      throw new IllegalStateException("call next() first");
    }
    return current;
  }

  @Override
  public int index() {
    if (current == null) {
      throw new IllegalStateException("call next() first");
    }
    // Every batch but the last is full.
    return (int) ((produced - 1) / BATCH_ROWS);
  }

  private void closeCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  @Override
  public void close() {
    closeCurrent();
    closed = true;
  }
}
