package org.elementvault.sandbox.catalog;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.sandbox.exec.JobLimits;
import org.jspecify.annotations.Nullable;

/**
 * One dataset as an element query sees it: only the columns the element may read, streamed from the
 * attached run's {@link TableSource} batch by batch and handed to Calcite row by row.
 */
public final class VaultTable extends AbstractTable implements ScannableTable {

  private final Dataset dataset;
  private final List<Column> columns;
  private final RunSlot run;

  VaultTable(Dataset dataset, List<Column> columns, RunSlot run) {
    this.dataset = dataset;
    this.columns = List.copyOf(columns);
    this.run = run;
  }

  /** The dataset behind the table. */
  public Dataset dataset() {
    return dataset;
  }

  /** The columns the table exposes, in order. */
  public List<Column> columns() {
    return columns;
  }

  /**
   * Opens a stream of {@code names}, a subset of the table's columns in any order, for executors
   * that read vectors directly. The caller closes the stream.
   */
  public BatchStream open(List<String> names) {
    List<String> exposed = columns.stream().map(Column::name).toList();
    if (!exposed.containsAll(names)) {
      throw new IllegalArgumentException("the table does not expose every requested column");
    }
    return run.current().source().open(dataset, names);
  }

  /** The limits the table's scans count their rows against: the attached run's. */
  public JobLimits limits() {
    return run.current().limits();
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    RelDataTypeFactory.Builder row = factory.builder();
    for (Column column : columns) {
      row.add(column.name(), SqlTypes.of(column.type(), factory));
    }
    return row.build();
  }

  @Override
  public Enumerable<@Nullable Object[]> scan(DataContext root) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<@Nullable Object[]> enumerator() {
        return new Rows();
      }
    };
  }

  /** Walks the rows of the stream's batches. */
  private final class Rows implements Enumerator<@Nullable Object[]> {
    private @Nullable BatchStream stream;
    private @Nullable JobLimits limits;
    private ArrowValues[] readers = new ArrowValues[0];
    private int row;
    private int rows;
    private @Nullable Object @Nullable [] current;

    @Override
    public @Nullable Object[] current() {
      if (current == null) {
        throw new IllegalStateException("no current row");
      }
      return current;
    }

    @Override
    public boolean moveNext() {
      while (row + 1 >= rows) {
        if (!nextBatch()) {
          current = null;
          return false;
        }
      }
      row++;
      Objects.requireNonNull(limits).tick();
      @Nullable Object[] values = new Object[readers.length];
      for (int i = 0; i < readers.length; i++) {
        values[i] = readers[i].get(row);
      }
      current = values;
      return true;
    }

    private boolean nextBatch() {
      if (stream == null) {
        RunSlot.Run current = run.current();
        limits = current.limits();
        stream = current.source().open(dataset, columns.stream().map(Column::name).toList());
      }
      if (!stream.next()) {
        return false;
      }
      VectorSchemaRoot batch = stream.batch();
      readers = new ArrowValues[columns.size()];
      for (int i = 0; i < readers.length; i++) {
        readers[i] = ArrowValues.of(columns.get(i).type(), batch.getVector(i));
      }
      rows = batch.getRowCount();
      row = -1;
      Objects.requireNonNull(limits).onBatch(rows);
      return true;
    }

    @Override
    public void reset() {
      close();
      row = 0;
      rows = 0;
    }

    @Override
    public void close() {
      if (stream != null) {
        stream.close();
        stream = null;
      }
    }
  }
}
