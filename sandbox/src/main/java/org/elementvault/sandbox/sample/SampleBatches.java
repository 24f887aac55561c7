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
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.dataset.Schema;
import org.elementvault.sandbox.catalog.BatchStream;
import org.jspecify.annotations.Nullable;

/**
 * Synthetic sample data of a dataset for developing an element before its approval (DESIGN.md,
 * Element lifecycle): batches shaped exactly like a scan's ({@link ArrowColumns#field} of each
 * requested column, in the requested order, up to {@value #BATCH_ROWS} rows each), filled with
 * values that follow each column's type and classification but are never read from the vault.
 *
 * <p>What a sample takes from the dataset: its schema, and from the latest version's per-batch
 * statistics (kept for scan pruning) the bounds of number, date and timestamp columns and whether a
 * column holds nulls. Nothing else: strings and booleans carry no statistics, so no stored string
 * is ever copied.
 *
 * <ul>
 *   <li>Numbers of a GENERAL column (whose raw values an element may release anyway) lie uniformly
 *       within the observed bounds; of any other column, within the bounds rounded outward to a
 *       multiple of the smallest step of 1, 2 or 5 × 10ⁿ at least a tenth of the range wide, and
 *       never equal to an observed bound (each bound is one person's value). Positive ranges
 *       spanning three decades or more are drawn log-uniformly, between grid values around the
 *       bounds. Without bounds: 0 to 1,000 (less where the type holds less).
 *   <li>Dates and timestamps of a GENERAL column lie within the observed bounds; of any other
 *       column, within the whole calendar years that hold them, never at a bound. Without bounds:
 *       2000 to 2024 (1940 to 2006 for a birth date), timestamps 2020 to 2024.
 *   <li>Strings follow the column's PII type: resident IDs with a correct GB 11643 check character,
 *       mobile numbers, names of two or three Chinese characters, addresses, Luhn-valid bank cards,
 *       emails at reserved example domains, coordinates in China, {@code yyyy-MM-dd} birth dates;
 *       each passes the import's format check. A column without a PII type draws from {@code
 *       value_1} to {@code value_20}, except a subject column, which numbers its rows ({@code
 *       subject_1}, …) so distinct-subject thresholds behave as on real data.
 *   <li>Booleans are fair coin flips.
 *   <li>About 1% of the values are null in a column other than the subject, unless the statistics
 *       show the column has none.
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
   * A sample of {@code rows} rows of {@code columns} of {@code dataset}, shaped by its latest
   * version's statistics (by its schema alone if it has none yet). The caller closes it; vectors
   * come from {@code allocator}, whose limit bounds the sample's memory.
   *
   * @throws VaultException {@code NOT_FOUND} for a column the dataset does not have, {@code
   *     USER_ERROR} for a column requested twice
   * @throws IllegalArgumentException if {@code rows} is negative
   */
  public static SampleBatches create(
      Dataset dataset, List<String> columns, long rows, long seed, BufferAllocator allocator) {
    List<BatchStats> batches = dataset.latest().map(DatasetVersion::batches).orElse(List.of());
    return create(dataset.name(), dataset.schema(), batches, columns, rows, seed, allocator);
  }

  /**
   * A sample of {@code rows} rows of {@code columns} of a dataset with {@code schema} whose stored
   * batches have the statistics {@code batches} (empty if none). The caller closes it.
   *
   * @throws VaultException {@code NOT_FOUND} for a column the schema does not have, {@code
   *     USER_ERROR} for a column requested twice
   * @throws IllegalArgumentException if {@code rows} is negative or a batch's statistics do not
   *     have one entry per schema column
   */
  public static SampleBatches create(
      Schema schema,
      List<BatchStats> batches,
      List<String> columns,
      long rows,
      long seed,
      BufferAllocator allocator) {
    return create("sample", schema, batches, columns, rows, seed, allocator);
  }

  private static SampleBatches create(
      String datasetName,
      Schema schema,
      List<BatchStats> batches,
      List<String> columnNames,
      long rows,
      long seed,
      BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator");
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be at least 0, was " + rows);
    }
    for (BatchStats batch : batches) {
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
              batches,
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
